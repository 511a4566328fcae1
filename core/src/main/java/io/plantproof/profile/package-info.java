/**
 * The application profile: what telemetry and exports cannot give (enterprise details, economic figures,
 * project, maturity self-assessment, 表2–表4, the applicant's answers per 评价细则 item with attachments),
 * one validated YAML file whose every value is DECLARED by the applicant. Documented in docs/profile.md.
 */
package io.plantproof.profile;
