package io.starling.be.expr;

import io.starling.rpc.proto.Literal;
import io.starling.storage.types.DataType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a plan IR {@link Literal} into the engine's boxed value domain ({@code io.starling.exec.expr.Values}):
 * per the proto comment, {@code long_value} carries TINYINT..BIGINT, DATE (days), DATETIME (micros) and DECIMAL
 * p &le; 18 (unscaled); {@code bytes_value} carries strings (UTF-8) and 128-bit values (16 bytes, two's
 * complement, little-endian); {@code double_value} FLOAT/DOUBLE; {@code bool_value} BOOLEAN. Returns null for SQL
 * NULL.
 */
public final class LiteralDecoder
{
    private LiteralDecoder()
    {
    }

    public static Object decode(Literal lit, DataType type)
    {
        if (lit.getIsNull() || lit.getValueCase() == Literal.ValueCase.VALUE_NOT_SET) {
            return null;
        }
        return switch (type.kind()) {
            case NULL -> null;
            case BOOLEAN -> switch (lit.getValueCase()) {
                case BOOL_VALUE -> lit.getBoolValue();
                case LONG_VALUE -> lit.getLongValue() != 0;
                default -> throw mismatch(lit, type);
            };
            case TINYINT, SMALLINT, INT, BIGINT, DATE, DATETIME -> {
                if (lit.getValueCase() != Literal.ValueCase.LONG_VALUE) {
                    throw mismatch(lit, type);
                }
                yield lit.getLongValue();
            }
            case DECIMAL -> {
                if (type.precision() <= DataType.MAX_DECIMAL64_PRECISION) {
                    yield switch (lit.getValueCase()) {
                        case LONG_VALUE -> lit.getLongValue();
                        case BYTES_VALUE -> int128(lit, type).longValueExact();
                        default -> throw mismatch(lit, type);
                    };
                }
                yield switch (lit.getValueCase()) {
                    case LONG_VALUE -> BigInteger.valueOf(lit.getLongValue());
                    case BYTES_VALUE -> int128(lit, type);
                    default -> throw mismatch(lit, type);
                };
            }
            case LARGEINT -> switch (lit.getValueCase()) {
                case LONG_VALUE -> BigInteger.valueOf(lit.getLongValue());
                case BYTES_VALUE -> int128(lit, type);
                default -> throw mismatch(lit, type);
            };
            case FLOAT, DOUBLE -> switch (lit.getValueCase()) {
                case DOUBLE_VALUE -> lit.getDoubleValue();
                case LONG_VALUE -> (double) lit.getLongValue();
                default -> throw mismatch(lit, type);
            };
            case CHAR, VARCHAR -> {
                if (lit.getValueCase() != Literal.ValueCase.BYTES_VALUE) {
                    throw mismatch(lit, type);
                }
                yield lit.getBytesValue().toString(StandardCharsets.UTF_8);
            }
            case HLL, BITMAP -> {
                if (lit.getValueCase() != Literal.ValueCase.BYTES_VALUE) {
                    throw mismatch(lit, type);
                }
                yield lit.getBytesValue().toByteArray();
            }
        };
    }

    /** Encodes a value of the boxed domain back into a proto literal (for automatic-partition requests). */
    public static Literal encode(Object value, DataType type)
    {
        if (value == null) {
            return Literal.newBuilder().setIsNull(true).build();
        }
        Literal.Builder b = Literal.newBuilder();
        switch (value) {
            case Boolean bool -> b.setBoolValue(bool);
            case Long l -> b.setLongValue(l);
            case Double d -> b.setDoubleValue(d);
            case String s -> b.setBytesValue(com.google.protobuf.ByteString.copyFrom(s, StandardCharsets.UTF_8));
            case BigInteger big -> b.setBytesValue(com.google.protobuf.ByteString.copyFrom(toLittleEndian16(big)));
            default -> throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName() + " as a " + type + " literal");
        }
        return b.build();
    }

    private static BigInteger int128(Literal lit, DataType type)
    {
        byte[] le = lit.getBytesValue().toByteArray();
        if (le.length != 16) {
            throw new IllegalArgumentException("128-bit literal of " + type + " must have 16 bytes, got " + le.length);
        }
        byte[] be = new byte[16];
        for (int i = 0; i < 16; i++) {
            be[i] = le[15 - i];
        }
        return new BigInteger(be);
    }

    private static byte[] toLittleEndian16(BigInteger v)
    {
        byte[] be = v.toByteArray();
        if (be.length > 16) {
            throw new IllegalArgumentException("value does not fit 128 bits: " + v);
        }
        byte[] le = new byte[16];
        byte fill = (byte) (v.signum() < 0 ? 0xFF : 0);
        for (int i = 0; i < 16; i++) {
            le[i] = i < be.length ? be[be.length - 1 - i] : fill;
        }
        return le;
    }

    private static IllegalArgumentException mismatch(Literal lit, DataType type)
    {
        return new IllegalArgumentException("literal " + lit.getValueCase() + " does not carry a " + type + " value");
    }
}
