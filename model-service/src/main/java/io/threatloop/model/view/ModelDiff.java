package io.threatloop.model.view;

import io.threatloop.contracts.model.EntryPoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What changed in a model between two versions: entry points, their exposure, threats and ownership. */
public record ModelDiff(
        String applicationId,
        long fromVersion,
        long toVersion,
        TeamChange team,
        List<EntryPoint> entryPointsAdded,
        List<EntryPoint> entryPointsRemoved,
        List<Change<EntryPoint>> entryPointsChanged,
        List<ModelView.Threat> threatsIdentified,
        List<ModelView.Threat> threatsResolved,
        List<Change<ModelView.Threat>> threatsChanged,
        Map<String, Change<ModelView.Exposure>> exposureChanged) {

    public record TeamChange(String before, String after) {
    }

    public record Change<T>(T before, T after) {
    }

    public static ModelDiff between(ModelView from, ModelView to) {
        Map<String, EntryPoint> before = byId(from.entryPoints(), EntryPoint::id);
        Map<String, EntryPoint> after = byId(to.entryPoints(), EntryPoint::id);
        Map<String, ModelView.Threat> threatsBefore = byId(from.threats(), ModelView.Threat::threatId);
        Map<String, ModelView.Threat> threatsAfter = byId(to.threats(), ModelView.Threat::threatId);
        return new ModelDiff(to.applicationId(), from.version(), to.version(),
                Objects.equals(from.team(), to.team()) ? null : new TeamChange(from.team(), to.team()),
                missingFrom(after, before), missingFrom(before, after), changed(before, after),
                missingFrom(threatsAfter, threatsBefore), missingFrom(threatsBefore, threatsAfter),
                changed(threatsBefore, threatsAfter), exposureChanges(from.exposure(), to.exposure()));
    }

    private static Map<String, Change<ModelView.Exposure>> exposureChanges(Map<String, ModelView.Exposure> before,
                                                                           Map<String, ModelView.Exposure> after) {
        Map<String, Change<ModelView.Exposure>> changes = new java.util.TreeMap<>();
        java.util.Set<String> ids = new java.util.TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        for (String id : ids) {
            if (!Objects.equals(before.get(id), after.get(id))) {
                changes.put(id, new Change<>(before.get(id), after.get(id)));
            }
        }
        return changes;
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> b,
                java.util.TreeMap::new));
    }

    /** Items of {@code present} whose id is not in {@code absent}. */
    private static <T> List<T> missingFrom(Map<String, T> present, Map<String, T> absent) {
        return present.entrySet().stream().filter(e -> !absent.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
    }

    private static <T> List<Change<T>> changed(Map<String, T> before, Map<String, T> after) {
        List<Change<T>> changes = new ArrayList<>();
        before.forEach((id, old) -> {
            T now = after.get(id);
            if (now != null && !now.equals(old)) {
                changes.add(new Change<>(old, now));
            }
        });
        return changes;
    }
}
