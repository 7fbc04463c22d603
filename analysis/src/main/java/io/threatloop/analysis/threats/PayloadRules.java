package io.threatloop.analysis.threats;

import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a request body is made of, beyond JSON fields: XML the server parses (entity expansion,
 * external entities) and files it takes (size, type and content the spec does not bound).
 */
final class PayloadRules {

    static final RuleDefinition XML_BODY = new RuleDefinition(
            "API8-XML-BODY", "XML request body parsed by the server", "API8:2023", "Information Disclosure", "CWE-611",
            "The operation accepts XML. An XML parser left at its defaults resolves external entities and expands"
                    + " nested ones: a request reads files or internal URLs (XXE) or exhausts memory (billion laughs).",
            List.of("Disable DTDs, external entities and entity expansion in the parser (OWASP XXE Prevention Cheat"
                            + " Sheet); prefer JSON where clients allow",
                    "Bound the body's size before parsing it"),
            new RiskFactors(6, 6, 5, 6, 5, 6, 5, 6, 7, 5, 5, 4, 4, 5, 4, 4));

    static final RuleDefinition UPLOAD = new RuleDefinition(
            "API4-UPLOAD-WITHOUT-LIMITS", "File upload without size or type limits", "API4:2023", "Denial of Service",
            "CWE-434",
            "The operation takes a file (multipart form data or a binary body) and the description bounds neither its"
                    + " size nor its type: one request fills disk or memory, and a file of a dangerous type reaches"
                    + " whatever opens it (parsers, image libraries, other users).",
            List.of("Limit the upload's size at the gateway and in the service; accept only the media types the"
                            + " function needs, checked by content, not by name",
                    "Store uploads outside the web root, under generated names, and scan them before use"),
            new RiskFactors(5, 5, 6, 6, 5, 6, 5, 6, 4, 4, 6, 3, 4, 4, 3, 2));

    private static final Set<String> FILE_FORMATS = Set.of("binary", "file");

    private PayloadRules() {
    }

    static List<ThreatRule> rules() {
        return List.of(
                new OperationRule(XML_BODY, PayloadRules::xmlBody),
                new OperationRule(UPLOAD, PayloadRules::upload));
    }

    private static List<String> xmlBody(ApiSurface surface, ApiOperation op) {
        List<String> xml = op.requestMediaTypes().stream().filter(PayloadRules::isXml).toList();
        return xml.isEmpty() ? List.of() : List.of(op.id() + " accepts " + String.join(", ", xml));
    }

    private static boolean isXml(String mediaType) {
        String type = mediaType.split(";")[0].trim();
        return type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml");
    }

    private static List<String> upload(ApiSurface surface, ApiOperation op) {
        List<String> files = new ArrayList<>();
        for (ApiField f : OperationSignals.writableFields(op)) {
            if (("file".equals(f.type()) || FILE_FORMATS.contains(String.valueOf(f.format()))) && f.maxLength() == null) {
                files.add("body '" + f.path() + "'");
            }
        }
        boolean binaryBody = op.requestMediaTypes().stream()
                .anyMatch(m -> m.equals("application/octet-stream") || m.startsWith("image/") || m.startsWith("video/")
                        || m.startsWith("audio/") || m.equals("application/pdf") || m.equals("application/zip"));
        if (files.isEmpty() && !binaryBody) {
            return List.of();
        }
        return List.of(op.id() + " takes a file (" + (files.isEmpty()
                ? String.join(", ", op.requestMediaTypes().stream().filter(m -> !m.contains("json")).toList())
                : OperationSignals.sample(files)) + ") and declares no maximum size");
    }
}
