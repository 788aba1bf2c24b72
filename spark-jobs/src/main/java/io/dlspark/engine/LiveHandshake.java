package io.dlspark.engine;

import io.dlspark.engine.wire.BoundedAcceptor;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.Messages.Hello;
import io.dlspark.engine.wire.RunSecret;
import io.dlspark.engine.wire.SecureChannel;
import io.dlspark.engine.wire.WireException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;

/**
 * The driver's half of a live exchange handshake: the peer's first frame must decrypt under the run's key and
 * name a task attempt that Spark started; anything else is closed before any state is sent.
 */
final class LiveHandshake implements BoundedAcceptor.Handshake<LiveHandshake.Link> {
    private final RunSecret secret;
    private final AttemptCheck attempts;
    private final long timeoutMillis;

    LiveHandshake(RunSecret secret, AttemptCheck attempts, long timeoutMillis) {
        this.secret = secret;
        this.attempts = attempts;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Link complete(Socket socket) throws IOException {
        SecureChannel channel = SecureChannel.respond(socket, secret, Messages.SMALL_FRAME_BYTES);
        try {
            Hello hello = Hello.read(channel.receive());
            if (!attempts.started(hello, timeoutMillis)) {
                channel.send(Messages.ERROR, out -> Messages.writeError(out, "not a task attempt Spark started"));
                throw new WireException("a peer with the run's key claimed " + hello + ", which Spark did not start");
            }
            return new Link(hello, channel);
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during a live exchange handshake");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** One admitted worker's connection. */
    record Link(Hello hello, SecureChannel channel) {
    }

    /** Tells whether Spark started a claimed task attempt, waiting a bounded time for the scheduler's news. */
    @FunctionalInterface
    interface AttemptCheck {
        boolean started(Hello hello, long timeoutMillis) throws InterruptedException;
    }
}
