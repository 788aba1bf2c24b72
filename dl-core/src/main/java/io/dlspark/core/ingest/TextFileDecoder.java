package io.dlspark.core.ingest;

import io.dlspark.core.data.BadRecordException;
import org.apache.hadoop.conf.Configuration;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads one document per file as strict UTF-8; an empty or undecodable file is a bad record. */
record TextFileDecoder() implements RecordDecoder {
    @Override
    public DecodedRecord decode(RecordRef ref, Configuration conf) throws BadRecordException {
        return new DecodedRecord(ref.recordId(), ref.label(), ref.source(), null, utf8(SourceBytes.read(ref, conf), ref.source()));
    }

    /** The bytes as strict UTF-8; undecodable or blank text is a bad record. */
    static String utf8(byte[] bytes, String source) throws BadRecordException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRecordException(source, "not valid UTF-8 text");
        }
        if (text.isBlank()) {
            throw new BadRecordException(source, "empty document");
        }
        return text;
    }
}
