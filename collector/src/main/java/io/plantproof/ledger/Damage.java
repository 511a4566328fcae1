package io.plantproof.ledger;

/**
 * Damage found in a ledger segment: from byte {@code offset} to {@code resumeOffset} nothing could be read, so records
 * {@code firstLostSeq} up to (excluding) {@code resumeSeq} are unreadable (none when equal); reading resumed with
 * record {@code resumeSeq}. The segment file is kept as it is.
 *
 * @param segment      the segment's file name
 * @param segmentFirst the first seq of the segment (the file name's number), stable when the segment is compressed
 * @param resumeOffset where readable records resume in the segment, or its end when none follows there
 */
public record Damage(String segment, long segmentFirst, long offset, long resumeOffset, long firstLostSeq, long resumeSeq,
                     String problem) {

    /** How many records are unreadable. */
    public long lostRecords() {
        return Math.max(0, resumeSeq - firstLostSeq);
    }

    /** One line naming segment, byte range, record range and the problem. */
    @Override
    public String toString() {
        String records = lostRecords() == 0 ? "no record lost"
                : lostRecords() == 1 ? "record " + firstLostSeq + " unreadable"
                : "records " + firstLostSeq + ".." + (resumeSeq - 1) + " (" + lostRecords() + ") unreadable";
        return segment + " bytes " + offset + ".." + resumeOffset + ": " + problem + "; " + records
                + "; reading resumes at seq " + resumeSeq;
    }
}
