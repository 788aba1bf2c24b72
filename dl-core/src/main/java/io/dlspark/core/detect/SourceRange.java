package io.dlspark.core.detect;

/** A contiguous part of another {@link ObjectSource}, such as the training images held out for validation scenes. */
final class SourceRange implements ObjectSource {
    private static final long serialVersionUID = 1L;

    private final ObjectSource source;
    private final int from;
    private final int size;

    SourceRange(ObjectSource source, int from, int to) {
        if (from < 0 || to > source.size() || from >= to) {
            throw new IllegalArgumentException("object range [" + from + ", " + to + ") is empty or outside [0, "
                + source.size() + ")");
        }
        this.source = source;
        this.from = from;
        this.size = to - from;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int height() {
        return source.height();
    }

    @Override
    public int width() {
        return source.width();
    }

    @Override
    public byte[] image(int index) {
        return source.image(from + checked(index));
    }

    @Override
    public int label(int index) {
        return source.label(from + checked(index));
    }

    private int checked(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("object " + index + " of a range of " + size);
        }
        return index;
    }
}
