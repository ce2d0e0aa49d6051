package io.starling.fe.planner;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;

/** Calcite type factory with StarRocks' type system and UTF-8 as the character set of every string. */
final class StarRocksTypeFactory extends JavaTypeFactoryImpl
{
    StarRocksTypeFactory()
    {
        super(StarRocksTypeSystem.INSTANCE);
    }

    @Override
    public Charset getDefaultCharset()
    {
        return StandardCharsets.UTF_8;
    }
}
