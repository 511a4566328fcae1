package io.plantproof.tlog;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signed-note, checkpoint and cosignature formats, checked against the C2SP specs' own examples. */
class NoteTest {

    /** The example of c2sp.org/signed-note, "Verifier keys". */
    static final String SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    static final String SPEC_NOTE = "This is an example message.\n\n"
            + "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    @Test
    void theSpecExampleVerifiesAndItsKeyIdIsRecomputed() {
        NoteKey key = NoteKey.parse(SPEC_VKEY);
        assertThat(key.vkey()).isEqualTo(SPEC_VKEY);
        Note note = Note.parse(SPEC_NOTE);
        assertThat(note.text()).isEqualTo("This is an example message.\n");
        assertThat(note.verify(key)).isEqualTo(Note.Check.VALID);
        assertThat(note.format()).isEqualTo(SPEC_NOTE);
    }

    @Test
    void anEditedTextOrAWrongKeyIdIsRefused() {
        NoteKey key = NoteKey.parse(SPEC_VKEY);
        Note edited = Note.parse(SPEC_NOTE.replace("example message", "exemplary message"));
        assertThat(edited.verify(key)).isEqualTo(Note.Check.INVALID);
        assertThatThrownBy(() -> NoteKey.parse(SPEC_VKEY.replace("530d903a", "530d903b")))
                .hasMessageContaining("does not match");
    }

    @Test
    void signaturesOfUnknownKeysAreIgnoredAndOwnSignaturesRoundTrip() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        NoteKey log = NoteKey.ed25519("plantproof/91330602MA2D000001/line-1", pair.getPublic());
        TreeHead head = new TreeHead(log.name(), 12, new byte[32], List.of("time 2025-03-02T00:10:00Z"));
        Note note = Note.signed(head.text(), log, m -> sign(pair.getPrivate(), m));
        Note parsed = Note.parse(note.bytes());
        assertThat(TreeHead.parse(parsed.text())).isEqualTo(head);
        assertThat(TreeHead.parse(parsed.text()).extension("time")).isEqualTo("2025-03-02T00:10:00Z");
        assertThat(parsed.verify(log)).isEqualTo(Note.Check.VALID);
        assertThat(Note.parse(SPEC_NOTE).verify(log)).isEqualTo(Note.Check.ABSENT);
        assertThat(NoteKey.parse(log.vkey())).isEqualTo(log);
    }

    @Test
    void cosignaturesCarryTheirTimeAndCoverTheWholeCheckpointText() throws Exception {
        KeyPair logPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair witnessPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        NoteKey log = NoteKey.ed25519("example.com/log", logPair.getPublic());
        NoteKey witness = NoteKey.cosigner("witness.example/w1", witnessPair.getPublic());
        Note cp = Note.signed(new TreeHead(log.name(), 5, new byte[32], List.of()).text(), log, m -> sign(logPair.getPrivate(), m));
        Instant at = Instant.parse("2025-03-02T00:12:00Z");
        Note cosigned = cp.with(List.of(Cosignature.sign(witness, at, cp.text(), m -> sign(witnessPair.getPrivate(), m))));

        Note reread = Note.parse(cosigned.format());
        assertThat(Cosignature.verify(reread, witness)).isEqualTo(new Cosignature.Result(Note.Check.VALID, at));
        assertThat(reread.verify(log)).isEqualTo(Note.Check.VALID);
        // the same cosignature moved onto another tree does not verify
        Note other = Note.signed(new TreeHead(log.name(), 6, new byte[32], List.of()).text(), log, m -> sign(logPair.getPrivate(), m));
        assertThat(Cosignature.verify(other.with(reread.signatures().subList(1, 2)), witness).check()).isEqualTo(Note.Check.INVALID);
        assertThat(witness.vkey()).contains("+" + Base64.getEncoder().encodeToString(new byte[] {4}).substring(0, 1));
    }

    @Test
    void malformedNotesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Note.parse("no signatures\n")).hasMessageContaining("blank line");
        assertThatThrownBy(() -> Note.parse("text\n\n- dash wrong AAAA\n")).hasMessageContaining("does not start");
        assertThatThrownBy(() -> TreeHead.parse("origin\n012\nAAAA\n")).hasMessageContaining("leading zeroes");
        assertThatThrownBy(() -> Note.parse("te\u0001xt\n\n\u2014 a AAAAAAA=\n")).hasMessageContaining("control character");
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
