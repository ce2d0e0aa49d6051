package io.starling.storage.encoding;

/**
 * Page value encodings and their one-byte ids as stored in page headers. Ids are part of the file format:
 * never renumber, only append.
 */
public enum EncodingType
{
    /** Values as-is (little-endian fixed width; offsets + bytes for VARLEN). Every type. */
    PLAIN(0),
    /** Per-page dictionary of distinct strings + bit-packed codes. VARLEN only. */
    DICT(1),
    /** Frame of reference: page minimum + (value - min) bit-packed at a fixed width. BYTE/SHORT/INT/LONG. */
    BIT_PACKED(2),
    /** Run-length: (run length, value) pairs. BYTE/SHORT/INT/LONG (booleans, low-cardinality sorted ints). */
    RLE(3);

    private static final EncodingType[] BY_ID = {PLAIN, DICT, BIT_PACKED, RLE};

    private final int id;

    EncodingType(int id)
    {
        this.id = id;
    }

    public int id()
    {
        return id;
    }

    /** The encoding with this id, or null if unknown (a corrupt or newer file). */
    public static EncodingType fromId(int id)
    {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** The implementation. */
    public PageEncoding encoding()
    {
        return switch (this) {
            case PLAIN -> PlainEncoding.INSTANCE;
            case DICT -> DictEncoding.INSTANCE;
            case BIT_PACKED -> BitPackedEncoding.INSTANCE;
            case RLE -> RleEncoding.INSTANCE;
        };
    }
}
