package io.starling.fe.auth;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NativePasswordTest
{
    @Test
    void knownHashMatchesMysql()
    {
        // SELECT PASSWORD('root') on MySQL 5.7 / the mysql.user value for password "root"
        assertThat(NativePassword.authString("root")).isEqualTo("*81F5E21E35407D884A6CD4A731AEBFB6AF209E1B");
        assertThat(NativePassword.authString("")).isEmpty();
    }

    @Test
    void clientTokenVerifiesAndWrongPasswordFails()
    {
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            byte[] scramble = NativePassword.newScramble(random);
            assertThat(scramble).hasSize(20).doesNotContain((byte) 0, (byte) '$');
            String pw = "pw" + i;
            byte[] stage2 = NativePassword.stage2(pw);
            assertThat(NativePassword.check(scramble, NativePassword.clientToken(scramble, pw), stage2)).isTrue();
            assertThat(NativePassword.check(scramble, NativePassword.clientToken(scramble, pw + "x"), stage2)).isFalse();
            assertThat(NativePassword.check(scramble, new byte[0], stage2)).isFalse();
        }
        byte[] s = NativePassword.newScramble(random);
        assertThat(NativePassword.check(s, new byte[0], new byte[0])).isTrue();
        assertThat(NativePassword.check(s, NativePassword.clientToken(s, "x"), new byte[0])).isFalse();
    }

    @Test
    void encodeDecodeRoundTrip()
    {
        byte[] stage2 = NativePassword.stage2("secret");
        assertThat(NativePassword.decode(NativePassword.encode(stage2))).isEqualTo(stage2);
    }
}
