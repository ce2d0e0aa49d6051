package io.starling.exec.kernel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimdSupportTest
{
    @Test
    void offSelectsScalar()
    {
        assertThat(SimdSupport.lookup("off")).isSameAs(ScalarKernelProvider.INSTANCE);
        assertThat(SimdSupport.lookup(" OFF ").name()).isEqualTo("scalar");
    }

    @Test
    void onSelectsPanamaWhenTheModuleIsPresent()
    {
        // the build runs tests with --add-modules=jdk.incubator.vector (conf/jvm.properties)
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(SimdSupport.lookup("on").name()).isEqualTo("panama");
    }

    @Test
    void autoChoosesOneAndTheProcessWideChoiceIsStable()
    {
        assertThat(SimdSupport.lookup("auto").name()).isIn("scalar", "panama");
        assertThat(KernelProvider.get()).isSameAs(KernelProvider.get());
    }

    @Test
    void unknownModeNamesTheValidValues()
    {
        assertThatThrownBy(() -> SimdSupport.lookup("fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, off or on");
    }

    @Test
    void compareOpFlip()
    {
        assertThat(CompareOp.LT.flip()).isEqualTo(CompareOp.GT);
        assertThat(CompareOp.GE.flip()).isEqualTo(CompareOp.LE);
        assertThat(CompareOp.EQ.flip()).isEqualTo(CompareOp.EQ);
    }
}
