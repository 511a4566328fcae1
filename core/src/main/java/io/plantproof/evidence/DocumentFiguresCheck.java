package io.plantproof.evidence;

import io.plantproof.evidence.VerificationReport.Check;
import io.plantproof.evidence.VerificationReport.Result;
import io.plantproof.forms.DocumentFigures;
import io.plantproof.forms.Figure;
import io.plantproof.forms.FormInput;
import io.plantproof.forms.RegisterInvestment;
import io.plantproof.forms.TaggedFigures;
import io.plantproof.metrics.MetricReport;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.profile.ApplicationProfile;
import io.plantproof.profile.ProfileFile;
import io.plantproof.rules.ApplicationType;
import io.plantproof.rules.RuleResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Documents bound to figures: every figure tagged in the bundled 申报书 documents (DOCX, XLSX, HTML) must read
 * what the verifier's own recomputation prints for that field, and the 申报书 DOCX must carry every figure.
 * A figure edited in a document and re-signed by the key holder is a FAIL naming document, field and both values.
 */
final class DocumentFiguresCheck {

    /** The 申报书 DOCX, which must carry every figure (the other documents carry a part of them). */
    private static final String APPLICATION_PREFIX = "documents/申报书-";

    private DocumentFiguresCheck() {
    }

    static List<Check> check(SafeZip zip, Statement statement, MetricReport recomputed, List<RuleResult> rules) {
        List<Check> out = new ArrayList<>();
        Map<String, Figure> expected;
        try {
            Plant register = PlantFile.fromJson(zip.file(Statement.REGISTER), Statement.REGISTER);
            byte[] profileBytes = zip.file(ProfileFile.IN_BUNDLE);
            ApplicationProfile profile = profileBytes == null ? null : ProfileFile.parse(profileBytes, ProfileFile.IN_BUNDLE, null).profile();
            // the builder's 表1 is the register's lines whenever the investment indicator has no value
            expected = DocumentFigures.of(new FormInput(ApplicationType.of(statement.applicationType()), register,
                    statement.workshops(), recomputed, rules, profile, RegisterInvestment.total(register, statement.workshops())));
        } catch (RuntimeException e) {
            out.add(new Check(CheckKind.DOCUMENTS, ProfileFile.IN_BUNDLE, Result.FAIL, "the figures cannot be recomputed: " + e.getMessage()));
            return out;
        }
        int documents = 0;
        int compared = 0;
        for (BundleFile f : statement.files()) {
            if (!"document".equals(f.kind())) {
                continue;
            }
            List<TaggedFigures.Tag> tags;
            try {
                tags = TaggedFigures.read(f.path(), zip.file(f.path()));
            } catch (IOException | RuntimeException e) {
                out.add(new Check(CheckKind.DOCUMENTS, f.path(), Result.FAIL, "unreadable document: " + e.getMessage()));
                continue;
            }
            if (tags.isEmpty()) {
                continue;
            }
            documents++;
            Set<String> seen = new HashSet<>();
            for (TaggedFigures.Tag tag : tags) {
                seen.add(tag.id());
                Figure want = expected.get(tag.id());
                if (want == null) {
                    out.add(new Check(CheckKind.DOCUMENTS, f.path(), Result.FAIL, "field " + tag.id()
                            + " is not a figure of this application (" + shown(tag) + ")"));
                    continue;
                }
                compared++;
                String shown = tag.number() != null && want.style() != null ? want.style().format(tag.number()) : tag.text();
                if (!shown.equals(want.text())) {
                    out.add(new Check(CheckKind.DOCUMENTS, f.path(), Result.FAIL, "field " + tag.id() + " (" + want.label()
                            + "): the document shows " + shown + ", the recomputation gives " + want.text()));
                }
            }
            if (f.path().startsWith(APPLICATION_PREFIX) && f.path().endsWith(".docx")) {
                for (Figure want : expected.values()) {
                    if (!seen.contains(want.id())) {
                        out.add(new Check(CheckKind.DOCUMENTS, f.path(), Result.FAIL, "field " + want.id() + " (" + want.label()
                                + ") is missing from the document (untagged or removed); the recomputation gives " + want.text()));
                    }
                }
            }
        }
        if (documents > 0 && out.isEmpty()) {
            out.add(new Check(CheckKind.DOCUMENTS, documents + " documents", Result.PASS, compared + " tagged figures match the recomputation"));
        }
        return out;
    }

    private static String shown(TaggedFigures.Tag tag) {
        return "shows " + (tag.number() != null ? tag.number() : tag.text());
    }
}
