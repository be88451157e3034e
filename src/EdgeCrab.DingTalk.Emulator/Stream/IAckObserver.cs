namespace EdgeCrab.DingTalk.Emulator.Stream;

/// <summary>Told of a callback's first successful ack, under the ledger's lock: keep it short and take no other lock that waits on the ledger.</summary>
internal interface IAckObserver
{
    void Acked(PendingCallback callback);
}
