package io.muon.kernel.log;

/** Receives records from {@link LogTailer#poll}; the view is valid only during the call. */
@FunctionalInterface
public interface RecordHandler
{
    void onRecord(RecordView record);
}
