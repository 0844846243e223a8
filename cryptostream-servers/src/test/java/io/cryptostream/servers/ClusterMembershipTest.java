package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What each broker and node is told about the others: the quorum's voters and the ring's tokens and addresses. */
class ClusterMembershipTest {

    @Test
    void everyBrokerNamesTheSameVotersAndAsksForTwoInSyncOfThree() {
        KafkaQuorum quorum = new KafkaQuorum("id", List.of(39093, 39193, 39293));

        assertThat(quorum.voters()).isEqualTo("1@127.0.0.1:39093,2@127.0.0.1:39193,3@127.0.0.1:39293");
        assertThat(quorum.replicationFactor()).isEqualTo(3);
        assertThat(quorum.minInSyncReplicas()).isEqualTo(2);
    }

    @Test
    void aSingleBrokerReplicatesOnceWithItselfInSync() {
        KafkaQuorum quorum = KafkaQuorum.single(19093);

        assertThat(quorum.voters()).isEqualTo("1@127.0.0.1:19093");
        assertThat(quorum.replicationFactor()).isEqualTo(1);
        assertThat(quorum.minInSyncReplicas()).isEqualTo(1);
    }

    @Test
    void threeNodesListenOnTheirOwnLoopbackAddressAndSplitTheTokenRangeEvenly() {
        CassandraRing ring = CassandraRing.onLoopback(3);

        assertThat(ring.hosts()).containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3");
        assertThat(ring.contactNode(37000)).isEqualTo("127.0.0.1:37000");
        assertThat(List.of(ring.initialToken(0), ring.initialToken(1), ring.initialToken(2)))
                .containsExactly(0L, 6148914691236517205L, -6148914691236517206L);
    }

    @Test
    void aSingleNodeKeepsTokenZero() {
        assertThat(CassandraRing.single().initialToken(0)).isZero();
    }
}
