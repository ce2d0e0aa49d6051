package io.starling.storage.types;

/**
 * Stable one-byte codes of {@link TypeKind}s for file formats (segment footers, tablet metadata). The codes are
 * fixed here instead of using {@code ordinal()} so that reordering the enum can never change a file's meaning.
 * Never renumber; append new kinds at the end.
 */
public final class TypeCodes
{
    private static final TypeKind[] BY_CODE = {
            TypeKind.NULL, TypeKind.BOOLEAN, TypeKind.TINYINT, TypeKind.SMALLINT, TypeKind.INT, TypeKind.BIGINT,
            TypeKind.LARGEINT, TypeKind.FLOAT, TypeKind.DOUBLE, TypeKind.DECIMAL, TypeKind.DATE, TypeKind.DATETIME,
            TypeKind.CHAR, TypeKind.VARCHAR, TypeKind.HLL, TypeKind.BITMAP,
    };

    private TypeCodes()
    {
    }

    public static int code(TypeKind kind)
    {
        for (int i = 0; i < BY_CODE.length; i++) {
            if (BY_CODE[i] == kind) {
                return i;
            }
        }
        throw new IllegalArgumentException("no code for " + kind);
    }

    /** The kind with this code, or null if the code is unknown. */
    public static TypeKind kind(int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
