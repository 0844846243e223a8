package io.cryptostream.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Usage help that shows each option by its first name, the kebab-case one, in the synopsis and the option list;
 * picocli would show the shortest, which for {@code --kafka-broker} is the original CryptoCompare tutorial's
 * {@code --kafkabroker}. The option's description names the alias.
 */
final class PrimaryNameHelp extends Help {

    PrimaryNameHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    @Override
    protected Ansi.Text createDetailedSynopsisOptionsText(Collection<ArgSpec> done, List<OptionSpec> options,
                                                          Comparator<OptionSpec> optionSort, boolean clusterBooleanOptions) {
        return super.createDetailedSynopsisOptionsText(done, options.stream().map(PrimaryNameHelp::primaryOnly).toList(),
                optionSort, clusterBooleanOptions);
    }

    @Override
    public IOptionRenderer createDefaultOptionRenderer() {
        IOptionRenderer renderer = super.createDefaultOptionRenderer();
        return (option, paramLabels, scheme) -> renderer.render(primaryOnly(option), paramLabels, scheme);
    }

    /** Options with one name, such as {@code -h, --help}, keep their names. */
    private static OptionSpec primaryOnly(OptionSpec option) {
        String primary = option.names()[0];
        boolean alias = option.names().length > 1 && option.names()[1].startsWith("--") && primary.startsWith("--");
        // The copy belongs to no command, so it cannot fill in ${bundle:...} itself: it takes the filled-in text.
        return alias ? option.toBuilder().names(primary).description(option.description()).build() : option;
    }
}
