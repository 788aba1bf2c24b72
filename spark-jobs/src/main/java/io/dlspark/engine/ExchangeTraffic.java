package io.dlspark.engine;

/**
 * Bytes one round moved over a barrier exchange's encrypted channels, as counted on the wire (frame headers,
 * ciphertext and tags).
 *
 * @param driverBytes       bytes the driver sent and received in the round
 * @param peerRound         the round (of the epoch) the worker figures are for; the all-reduce reports them one round
 *                          late, so -1 when not yet known
 * @param peerSentBytes     the most bytes any worker sent to other workers (all-reduce) or the driver (live)
 * @param peerReceivedBytes the most bytes any worker received likewise
 * @param precision         how the state values travelled ({@link ExchangePrecision#valueBytes()} bytes each)
 */
public record ExchangeTraffic(long driverBytes, int peerRound, long peerSentBytes, long peerReceivedBytes,
                              ExchangePrecision precision) {

    /** The most bytes any worker sent per state value of {@code stateValues} (-1 when unknown). */
    public double peerSentBytesPerValue(long stateValues) {
        return peerSentBytes < 0 ? -1 : (double) peerSentBytes / stateValues;
    }
}
