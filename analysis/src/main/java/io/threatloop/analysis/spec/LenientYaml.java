package io.threatloop.analysis.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The well-known YAML slips a lenient reader forgives, the way the applications that serve
 * such specs load them: a tab that is not indentation (after a colon, between words), and a
 * document marker ({@code ---} or {@code ...}) trailing after the content. Each repair is noted
 * with its line, so the user learns what was assumed; a tab used as indentation is ambiguous and
 * not repaired.
 */
final class LenientYaml {

    /** The text as read leniently, and what was assumed, line by line. */
    record Repair(String text, List<String> notes) {
        boolean changed() {
            return !notes.isEmpty();
        }
    }

    private LenientYaml() {
    }

    static Repair repair(String text) {
        List<String> notes = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int last = lines.length - 1;
        while (last >= 0 && lines[last].isBlank()) {
            last--;
        }
        for (int i = last; i > 0 && (lines[i].strip().equals("---") || lines[i].strip().equals("...")); i--) {
            notes.add("line " + (i + 1) + ": a trailing document marker '" + lines[i].strip() + "' was ignored");
            lines[i] = "";
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int content = 0;
            while (content < line.length() && (line.charAt(content) == ' ' || line.charAt(content) == '\t')) {
                content++;
            }
            String rest = line.substring(content);
            if (rest.indexOf('\t') >= 0 && !rest.startsWith("#")) {
                lines[i] = line.substring(0, content) + rest.replace('\t', ' ');
                notes.add("line " + (i + 1) + ": a tab after the indentation was read as a space");
            }
        }
        return new Repair(String.join("\n", lines), notes.stream().sorted(LenientYaml::byLine).toList());
    }

    private static int byLine(String a, String b) {
        return Integer.compare(lineOf(a), lineOf(b));
    }

    private static int lineOf(String note) {
        return Integer.parseInt(note.substring("line ".length(), note.indexOf(':')));
    }
}
