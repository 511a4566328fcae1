package io.plantproof.profile;

import java.util.List;

/**
 * 表2 项目突破的主要关键工艺、技术、装备、软件系统清单 (选填): at most five entries per kind.
 */
public record Table2(List<Breakthrough> processes, List<Breakthrough> technologies, List<Breakthrough> equipment,
                     List<Breakthrough> software) {

    public Table2 {
        processes = processes == null ? List.of() : List.copyOf(processes);
        technologies = technologies == null ? List.of() : List.copyOf(technologies);
        equipment = equipment == null ? List.of() : List.copyOf(equipment);
        software = software == null ? List.of() : List.copyOf(software);
    }

    /** One row: 名称, 先进性、突破性描述（如核心参数对比）, 备注. */
    public record Breakthrough(String name, String description, String remark) {
    }
}
