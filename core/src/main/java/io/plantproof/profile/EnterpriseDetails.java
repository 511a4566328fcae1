package io.plantproof.profile;

import java.time.LocalDate;

/**
 * The 申请表's 企业基本信息 beyond what the plant file holds (名称, 信用代码, 地区, 行业 stay there):
 * 成立时间, 地址, 企业简称 (for the project naming rule), 企业负责人, 联系人, 企业简介, and the 营业执照 copy.
 */
public record EnterpriseDetails(LocalDate founded, String address, String shortName, Person head, Contact contact,
                                String introduction, String businessLicense) {

    /** 企业负责人: 姓名, 职务, 手机. */
    public record Person(String name, String title, String mobile) {
    }

    /** 联系人: 姓名, 职务, 办公电话, 手机, 传真, E-mail. */
    public record Contact(String name, String title, String phone, String mobile, String fax, String email) {
    }
}
