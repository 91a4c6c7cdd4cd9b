// 简体中文 titles of the health checks (HEALTH_CHECKS in health-checks.ts), for the alerts panel.
// Loaded lazily with the zh pack (src/ui/i18n/zh-pack.ts); typed by check id, so a missing one fails.

import type { HealthCheckId } from './health-checks.ts';

export const HEALTH_CHECK_TITLES_ZH: Readonly<Record<HealthCheckId, string>> = {
  non_finite: '指标中出现 NaN 或 Inf',
  entropy_collapse: '策略熵过早坍缩',
  kl_spike: 'KL 尖峰：一次更新中策略变化过大',
  explained_variance_negative: '价值函数还不如一个常数',
  value_return_mismatch: '预测价值与观测回报相差很大',
  q_out_of_bounds: 'Q 值超出可能的范围',
  value_out_of_bounds: '价值超出可能的范围',
  dead_relu: '死亡 ReLU 单元',
  grad_norm_spike: '梯度范数尖峰',
  tensor_leak: '张量泄漏',
};
