package io.threatloop.scanner.sharing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RendezvousTest {

    private static final List<String> SOURCES = IntStream.range(0, 300).mapToObj(i -> "source-" + i).toList();

    private static Map<String, String> owners(List<String> replicas) {
        return SOURCES.stream().collect(Collectors.toMap(Function.identity(), s -> Rendezvous.owner(s, replicas)));
    }

    @Test
    void everyReplicaComputesTheSameOwnerWhateverTheOrderItListsThemIn() {
        assertThat(owners(List.of("a", "b", "c"))).isEqualTo(owners(List.of("c", "a", "b")));
    }

    @Test
    void sourcesSpreadEvenlyOverTheReplicas() {
        Map<String, Long> perReplica = owners(List.of("scanner-0", "scanner-1", "scanner-2")).values().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perReplica).hasSize(3);
        assertThat(perReplica.values()).allSatisfy(count -> assertThat(count).isBetween(70L, 130L));
    }

    @Test
    void whenAReplicaLeavesOnlyItsSourcesMove() {
        Map<String, String> before = owners(List.of("scanner-0", "scanner-1", "scanner-2"));
        Map<String, String> after = owners(List.of("scanner-0", "scanner-2"));
        SOURCES.forEach(source -> {
            if (!before.get(source).equals("scanner-1")) {
                assertThat(after.get(source)).as(source).isEqualTo(before.get(source));
            }
        });
        assertThat(after).doesNotContainValue("scanner-1");
    }

    @Test
    void aSourceNeedsAReplica() {
        assertThatThrownBy(() -> Rendezvous.owner("s", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
