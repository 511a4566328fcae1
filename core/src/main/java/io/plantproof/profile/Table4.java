package io.plantproof.profile;

import java.util.List;

/**
 * 表4 项目形成的智能制造新模式、新场景 (必填): 名称, 解决痛点难点问题描述, 解决方案, 实施成效.
 */
public record Table4(List<Innovation> modes, List<Innovation> scenarios) {

    public Table4 {
        modes = modes == null ? List.of() : List.copyOf(modes);
        scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
    }

    /** One row of 表4. */
    public record Innovation(String name, String problem, String solution, String effect) {
    }
}
