// 简体中文 for the metric catalogue's titles, one-line definitions and reference-line labels, keyed by metric
// key. tests/unit/diagnostics/metric-text-zh.test.ts fails on a catalogue entry (or a reference label) without
// a translation. Loaded lazily with the UI's zh pack.

export interface MetricTextZh {
  title: string;
  description: string;
}

export const METRIC_TEXT_ZH: Readonly<Record<string, MetricTextZh>> = {
  'charts/episodic_return': { title: '回合回报', description: '每个结束回合的奖励之和；每个窗口显示均值、标准差色带和最小/最大须线。' },
  'charts/episodic_length': { title: '回合长度', description: '每个结束回合的步数。' },
  'charts/solve_rate': { title: '解决率', description: '窗口内结束的回合中满足环境“解决”条件的比例。' },
  'charts/random_baseline': { title: '随机策略回报', description: '同一环境上均匀随机策略的平均回报（参考线）。' },
  'losses/entropy': { title: '策略熵', description: '策略在小批量上的平均熵；离散动作最大为 ln N。DQN：ε-贪心策略的熵。' },
  'losses/approx_kl': { title: '近似KL散度（k3）', description: 'mean((r − 1) − log r)：一次更新把策略推动了多远（≥ 0）。PPO：在最后一个小批量上计算；VPG 和 A2C：更新之后在整批数据上计算。' },
  'losses/old_approx_kl': { title: '近似KL散度（k1）', description: 'mean(−log r)：朴素的 KL 估计量；可能为负。' },
  'losses/clipfrac': { title: '裁剪比例', description: '|r − 1| > ε 的样本比例，在一次更新的各小批量上取平均。' },
  'losses/first_ratio_dev': { title: '首个小批量的比率误差', description: '第一轮第一个小批量上的 max |r − 1|：当更新从采集数据的策略开始时恰为 0。' },
  'diagnostics/policy_std': { title: '策略标准差（高斯）', description: '高斯策略（连续动作）的平均标准差 exp(log σ)：它还在多大程度上探索。' },
  'charts/epsilon': { title: '探索率 ε', description: 'ε-贪心策略中采取均匀随机动作的概率（CleanRL 线性日程）。' },
  'losses/policy_loss': { title: '策略损失', description: 'PPO：mean(max(−A·r, −A·clip(r, 1±ε)))；VPG/A2C：−mean(A·log π)。' },
  'losses/value_loss': { title: '价值损失', description: 'PPO：0.5·mean((V − R)²)，开启价值裁剪时做裁剪；VPG 和 A2C：mean((V − R)²)。' },
  'losses/explained_variance': { title: '解释方差', description: '批次上的 1 − Var(R − V)/Var(R)：1 为完美，≤ 0 不比常数好；Var(R) = 0 时为 NaN。' },
  'diagnostics/value_mean': { title: '平均预测价值', description: '整批数据上 V(s) 的均值，以回报为单位（已撤销回报归一化）；应收敛到平均回报。' },
  'diagnostics/return_mean': { title: '平均观测回报', description: '从这批状态实际观测到的平均折扣回报。' },
  'diagnostics/value_target_min': { title: '价值目标最小值', description: '批次中最小的价值目标：不可能的值首先在这里显现。' },
  'diagnostics/value_target_max': { title: '价值目标最大值', description: '批次中最大的价值目标。奖励经过归一化时，目标按更新时归一化器的尺度换算回回报单位，因此尺度变化之后它们是以当前单位表示的。' },
  'diagnostics/advantage_mean': { title: '优势均值', description: '归一化之前的平均优势。' },
  'diagnostics/advantage_std': { title: '优势标准差', description: '归一化之前优势的标准差。' },
  'diagnostics/advantage_min': { title: '优势最小值', description: '批次中最小的优势，归一化之前。' },
  'diagnostics/advantage_max': { title: '优势最大值', description: '批次中最大的优势，归一化之前。' },
  'losses/td_loss': { title: 'TD 损失', description: '采样批次上 TD 误差的 Huber（或 MSE）损失。' },
  'losses/q_values': { title: 'Q 值均值', description: '采样批次上 Q(s, a) 的均值；以 [r_min, r_max]/(1 − γ) 为界。' },
  'diagnostics/target_q_mean': { title: 'TD 目标均值', description: '采样批次上 TD 目标 r + γ·(1 − done)·max_a′ Q_target(s′, a′) 的均值：Q 回归的对象。' },
  'losses/q_values_min': { title: 'Q 值最小值', description: '采样批次中最小的 Q(s, a)。' },
  'losses/q_values_max': { title: 'Q 值最大值', description: '采样批次中最大的 Q(s, a)。' },
  'model/train_loss': { title: '模型训练损失', description: '每次训练最后一轮中动力学集成的损失（归一化 Δs 的高斯 NLL 或 MSE），显示均值和每个成员。' },
  'model/val_loss': { title: '模型验证损失', description: '每个成员的均值预测在留出转移上的 MSE（归一化 Δs）：模型拟合不了动力学时居高不下。' },
  'model/one_step_error': { title: '单步模型误差', description: '集成均值在尚未训练过的转移上向前一步预测的平方误差，以状态标准差为单位。' },
  'model/multistep_error': { title: '多步模型误差', description: '同样的误差，但向前 k 步、把预测开环回灌（每个 k 一条线；基线为 k = 规划时域）：模型误差如何累积。' },
  'model/ensemble_disagreement': { title: '集成分歧', description: '沿所选规划路径、各成员想象状态的标准差，以状态标准差为单位：模型知道自己不知道的东西（只有一个成员时为 0）。' },
  'planner/predicted_return': { title: '规划预测回报', description: '所选规划在时域内的想象回报（各成员平均）；与实际回报对比。' },
  'planner/realised_return': { title: '规划实际回报', description: '在每个规划覆盖的步数上环境实际给出的回报。' },
  'planner/candidate_return_std': { title: '候选回报离散度', description: '第一代候选的想象回报的标准差：每个候选得分都一样时接近 0。' },
  'time/plan_ms': { title: '规划时间（毫秒/步）', description: '一次规划步（经过模型的全部 CEM 迭代）的墙钟时间。' },
  'charts/learning_rate': { title: '学习率', description: '退火后的当前学习率。' },
  'diagnostics/grad_norm': { title: '梯度范数', description: '裁剪前梯度的全局 L2 范数（也按层显示）。' },
  'time/training_intensity': { title: '训练强度', description: 'batch_size × train_steps / env_steps：每个环境步重放的样本数（应 ≥ 1）。' },
  'diagnostics/dead_relu_frac': { title: '死亡 ReLU 比例', description: '每个 ReLU 层中对批次所有样本都输出 0 的单元比例。' },
  'diagnostics/activation_std': { title: '激活标准差', description: '每层激活值在批次上的标准差。' },
  'charts/SPS': { title: '每秒步数', description: '自开始以来每秒墙钟时间的环境步数。' },
  'time/env_steps': { title: '环境步数', description: '到目前为止的环境步数，对所有子环境求和。' },
  'time/train_steps': { title: '训练步数', description: '到目前为止的梯度步数。' },
  'time/wall_s': { title: '墙钟时间（秒）', description: '运行开始以来的秒数。' },
  'time/phase_ms': { title: '各阶段耗时（毫秒）', description: '墙钟时间花在哪里：环境、推理、更新、诊断、消息；基于模型的智能体另报每个规划步（plan）和每次模型训练（model_train）的毫秒数。' },
  'memory/num_tensors': { title: '存活张量数', description: 'tf.memory().numTensors：持续上升的曲线就是泄漏。' },
  'memory/num_bytes': { title: '张量内存（字节）', description: 'tf.memory().numBytes。' },
};

/** Reference-line labels of the catalogue (MetricReference.label), English → 简体中文. */
export const REFERENCE_LABEL_ZH: Readonly<Record<string, string>> = {
  solved: '已解决',
  'random policy': '随机策略',
  'ln N (uniform)': 'ln N（均匀）',
  'healthy below 0.02': '正常应低于 0.02',
  'no better than a constant': '不比常数好',
  '1 replay per step': '每步重放 1 次',
  'alert above 0.4': '高于 0.4 报警',
  'healthy 0.5–2': '正常 0.5–2',
};
