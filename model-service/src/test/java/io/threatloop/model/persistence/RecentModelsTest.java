package io.threatloop.model.persistence;

import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.model.domain.ThreatModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentModelsTest {

    private static ThreatModel model(String app, long version) {
        ThreatModel model = ThreatModel.empty(app);
        for (long v = 1; v <= version; v++) {
            model = model.apply(new OwnerTeamAssigned(app, v, "team-" + v, null, "test"));
        }
        return model;
    }

    private static RecentModels holding(long elements) {
        RecentModels recent = new RecentModels();
        recent.maxElements = elements;
        return recent;
    }

    @Test
    void theLeastRecentlyUsedModelGoesFirstWhenTheBudgetIsSpent() {
        RecentModels recent = holding(2);
        recent.committed(model("a", 1));
        recent.committed(model("b", 1));
        assertThat(recent.get("a")).isPresent(); // used: b is now the eldest
        recent.committed(model("c", 1));

        assertThat(recent.get("b")).isEmpty();
        assertThat(recent.get("a")).isPresent();
        assertThat(recent.get("c")).isPresent();
        assertThat(recent.size()).isEqualTo(2);
    }

    @Test
    void anOlderStateNeverReplacesANewerOne() {
        RecentModels recent = holding(10);
        recent.committed(model("a", 3));
        recent.committed(model("a", 2));
        assertThat(recent.get("a")).hasValueSatisfying(m -> assertThat(m.version()).isEqualTo(3));
    }

    @Test
    void aModelLargerThanTheBudgetIsNotKept() {
        RecentModels recent = holding(0);
        recent.committed(model("a", 1));
        assertThat(recent.get("a")).isEmpty();
    }
}
