package io.dlspark.engine;

import io.dlspark.engine.wire.BoundedAcceptor;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.Messages.Hello;
import io.dlspark.engine.wire.RunSecret;
import io.dlspark.engine.wire.SecureChannel;
import io.dlspark.engine.wire.WireException;

import java.io.IOException;
import java.net.Socket;

/**
 * An all-reduce worker's half of a peer handshake: the peer's first frame must decrypt under the run's key and name
 * a lower partition of the same session, barrier stage and stage attempt; anything else is closed unanswered.
 */
final class PeerHandshake implements BoundedAcceptor.Handshake<PeerHandshake.PeerLink> {
    private final RunSecret secret;
    private final Hello self;

    PeerHandshake(RunSecret secret, Hello self) {
        this.secret = secret;
        this.self = self;
    }

    @Override
    public PeerLink complete(Socket socket) throws IOException {
        SecureChannel channel = SecureChannel.respond(socket, secret, Messages.SMALL_FRAME_BYTES);
        try {
            Hello hello = Hello.read(channel.receive());
            if (hello.session() != self.session() || hello.stageId() != self.stageId()
                || hello.stageAttempt() != self.stageAttempt() || hello.worker() < 0
                || hello.worker() >= self.worker()) {
                throw new WireException("worker " + self.worker() + " refused a peer claiming " + hello
                    + ": not a lower partition of its barrier stage attempt");
            }
            return new PeerLink(hello.worker(), channel, socket);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** One admitted peer's connection. */
    record PeerLink(int worker, SecureChannel channel, Socket socket) {
    }
}
