// 简体中文 for the chart explainers: one entry per entry of CHART_EXPLAINERS (tests/unit/ui/explain-zh.test.ts
// fails on a missing or extra id, or a formula/detail in one language only). Formulas are the English
// MathML except where it holds words. Loaded lazily with the zh pack.

import { AGENT_METRIC, HISTOGRAM, METRIC } from '../../diagnostics/metric-keys.ts';
import type { EnvId } from '../../envs/types.ts';
import { CHART_EXPLAINERS, fmt, type ChartExplainer, type ExplainContext } from './chart-explainers.ts';
import { frac, math, over, sub, t, text } from './mathml.ts';

const RETURN_STORY: Partial<Record<EnvId, string>> = {
  'CartPole-v1': 'PPO 通常在大约 12 万–18 万个环境步后达到 475 的均值；最初几千步停留在随机策略附近。',
  'CartPoleContinuous-v0': '均值从随机水平向满分 200 中的 195 攀升。',
  'Acrobot-v1': '随着智能体学会向摆动中注入能量，均值从 −500（摆臂始终甩不上去）升向 −100。',
  'MountainCar-v0': '在小车第一次到达旗帜之前，回报一直平在 −200（难点在于探索），之后升向 −110。',
  'MountainCarContinuous-v0': '小车来回摇晃却到不了旗帜时接近 0；一旦找到旗帜，回报跃升到 90 以上。',
  'Pendulum-v1': '从约 −1200（不停打转）升向 −200（甩起并保持）；带归一化的 PPO 能达到 −170 到 −200。',
  GridWorld: '均值升到约 0.93，即通往目标的最短路径的回报。',
};

const returnStory = (c: ExplainContext): string => RETURN_STORY[c.env] ?? '探针环境：正常的智能体在几百步内就能达到最优回报。';

/** The English formula's MathML, for formulas without words. */
const mathOf = (key: string): string => CHART_EXPLAINERS[key]?.formula?.math ?? '';

export const CHART_EXPLAINERS_ZH: Readonly<Record<string, ChartExplainer>> = {
  [METRIC.episodicReturn]: {
    measures:
      '每个结束回合的奖励之和：智能体想要最大化的量。浅色点是单个回合；线是每个窗口内各回合的均值，色带为 ±1 个标准差，须线为最小值和最大值。灰色虚线是随机策略和“解决”阈值。',
    formula: { math: mathOf(METRIC.episodicReturn), words: '回合回报 G 是该回合 T 步中奖励 r_t 的总和。' },
    healthy: (c) => (c.rewardThreshold !== undefined ? `正常：从随机策略线向“解决”线（${fmt(c.rewardThreshold)}）攀升。` : '正常：升到随机策略线之上。'),
    detail: (c) => `${returnStory(c)} 先升后崩是更新步长过大的典型迹象。`,
  },
  [METRIC.episodicLength]: {
    measures: '每个结束回合的步数，直到环境终止它（杆倒下、到达目标）或时间上限截断它。',
    formula: { math: math(t('T'), t('='), text('终止或截断前的步数')), words: 'T 是回合结束前的步数。' },
    healthy: (c) =>
      c.env.startsWith('CartPole')
        ? '正常：增长到时间上限（越长 = 平衡得越久）。'
        : c.maxEpisodeSteps !== null
          ? `正常：随着更快到达目标，缩短到 ${c.maxEpisodeSteps} 步上限以下。`
          : '正常：稳定在最优长度。',
  },
  [METRIC.solveRate]: {
    measures: '每个窗口内结束的回合中，满足环境“解决”条件的比例（CartPole：坚持满 500 步；MountainCar：到达旗帜）。',
    formula: { math: math(text('解决率'), t('='), frac(text('解决的回合数'), text('窗口内的回合数'))), words: '已解决的回合数除以窗口内的全部回合数。' },
    healthy: () => '正常：当回报接近“解决”线时，从 0 升向 1。',
  },
  [METRIC.entropy]: {
    measures:
      '策略还有多随机，在批次的各个状态上取平均。在 N 个动作中均匀选择的熵最大，为 ln N（灰线）；总是选同一个动作的策略熵为 0。对高斯策略，它随标准差增大而增大。',
    formula: { math: mathOf(METRIC.entropy), words: '动作分布的熵：对各动作求 π log π 之和再取负，N 个动作时最大为 ln N。' },
    healthy: (c) => (c.numActions !== undefined ? `正常：从 ln ${c.numActions} = ${fmt(Math.log(c.numActions))} 附近开始，缓慢下降。` : '正常：随着策略变得确定而缓慢下降。'),
    detail: (c) =>
      `${c.numActions !== undefined ? `它从均匀策略的 ln ${c.numActions} 开始。` : ''}随着智能体越来越有把握，它应当下降，但要逐步下降：在最初几次更新内降到起点的约 10% 以下，说明策略在学会之前就坍缩了（步长过大）；上升则说明熵奖励压过了回报。`,
  },
  [METRIC.approxKl]: {
    measures:
      '一次更新把策略从采集数据的那个策略推开了多远。近似 KL 散度由每个样本的概率比率 r 估计 KL 散度；裁剪比例是比率离开 [1 − ε, 1 + ε] 的样本所占的份额，PPO 在那里停止推动。',
    formula: {
      math: mathOf(METRIC.approxKl),
      words: 'r 是新策略对所选动作的概率除以旧策略的概率。KL（k3 估计量）是 (r − 1) − log r 的均值，从不为负。裁剪比例是 |r − 1| 超过裁剪范围 ε 的样本比例。',
    },
    healthy: () => '正常：KL 低于 0.02（灰线），裁剪比例远低于 0.2。',
    detail: () =>
      '正常的 PPO 步子很小：每次更新的近似 KL 远低于 0.02，裁剪比例只有百分之几，很少超过 0.2。KL 出现尖峰且裁剪比例接近 0.5，说明每次更新都把策略甩离了数据：学习率过高、训练轮数过多，或损失未按批量缩放。虚线的 k1 估计量（在“全部诊断”中）可能低于 0；k3 不会。',
  },
  [METRIC.clipfrac]: {
    measures: '概率比率 r 离开 [1 − ε, 1 + ε] 的样本比例，在一次更新的各小批量上取平均：裁剪目标在这些样本上停止推动。',
    formula: { math: mathOf(METRIC.clipfrac), words: '|r − 1| 超过裁剪范围 ε 的样本比例。' },
    healthy: () => '正常：百分之几，很少超过 0.2；远高于此说明更新过大。',
  },
  [METRIC.valueMean]: {
    measures: '评论家在整批数据上的平均预测 V(s)（虚线），对比从相同状态实际观测到的平均折扣回报（实线）。两条曲线相遇时，说明评论家在学习。',
    formula: {
      math: math(over(t('V'), '¯'), t('='), t('mean V(s_t)'), text(' 对比 '), over(t('G'), '¯'), t('='), t('mean'), sub(t('G'), t('t'))) + (mathOf(METRIC.valueMean).split('</math>')[1] ?? '') + '</math>',
      words: '平均预测价值对比平均折扣回报 G_t，即每个状态之后各奖励按 γ 折扣的总和。',
    },
    healthy: () => '正常：虚线的预测在几十次更新内追上实线的回报。',
    detail: () =>
      '预测从 0 附近开始，几十次更新后应当紧紧跟随观测回报。预测长时间远低于回报，说明评论家跟不上（原始、未归一化的回报）；远高于回报或仍在增长，说明它越过回合结束自举，或读到了过时的目标。',
  },
  [METRIC.explainedVariance]: {
    measures: '评论家的预测解释了观测回报的多少离散程度。1 为完美，0 不比预测平均值更好，低于 0 则更差。',
    formula: { math: mathOf(METRIC.explainedVariance), words: '1 减去预测误差的方差除以回报的方差。' },
    healthy: () => '正常：向 1 攀升（开始学习后高于约 0.5）；长时间为负是危险信号。',
    detail: () =>
      '起初它在 0 附近徘徊：评论家还没学会。随着训练进行它应当上升。许多次更新都停在 0 附近或为负，说明评论家不比常数好：回报未缩放、在错误的位置自举，或目标有误。',
  },
  [METRIC.gradNorm]: {
    measures: '损失梯度在裁剪前、对全部权重的大小（在“全部诊断”中也按层显示）：每一步优化器被推动得有多猛。',
    formula: { math: mathOf(METRIC.gradNorm), words: 'L2 范数：梯度各分量平方和的平方根。' },
    healthy: () => '正常：稳定在一个数量级之内；没有突然的 100 倍尖峰。',
    detail: () =>
      '它的水平取决于损失的尺度，所以要看形状：大致平稳或缓慢下降是正常的。数值很大或突然出现尖峰（超过中位数的 100 倍且超过此前所有值的 10 倍会触发警报；DQN 目标网络刷新后的规律性跳升不会）说明损失未缩放、学习率过高或 TD 误差巨大；跌向 0 可能意味着神经元死亡。',
  },
  [METRIC.valueLoss]: {
    measures: '评论家在这批数据上的预测有多错：V(s) 与其目标之间均方误差的一半（开启价值裁剪时像策略一样裁剪）。',
    formula: { math: mathOf(METRIC.valueLoss), words: '价值预测平方误差均值的一半。' },
    healthy: () => '正常：先下降，然后相对回报保持很小。',
  },
  [METRIC.policyLoss]: {
    measures: '策略最小化的损失。PPO 用裁剪后的替代目标：优势 A 乘以比率 r，r 被裁剪到 [1 − ε, 1 + ε]，使一次更新走不了太远。它在 0 附近徘徊，不是进度指标。',
    formula: { math: mathOf(METRIC.policyLoss), words: '“负优势乘比率”与“负优势乘裁剪后比率”两者中较大者的均值。' },
    healthy: () => '正常：在 0 附近、小而嘈杂（不是分数）。',
  },
  [METRIC.learningRate]: {
    measures: '优化器当前使用的学习率，已计入退火日程。',
    formula: { math: mathOf(METRIC.learningRate), words: '线性退火：初始学习率乘以剩余训练的比例。' },
    healthy: () => '按日程变化（平直，或一条直线下降）。',
  },
  [METRIC.sps]: {
    measures: '自运行开始以来每秒墙钟时间的环境步数：浏览器训练得有多快。',
    formula: { math: math(t('SPS'), t('='), frac(text('环境步数'), text('秒数'))), words: '环境步数除以经过的秒数。' },
    healthy: () => '最初几秒后保持平稳；“观看”速度会有意把它压低。',
  },
  [METRIC.numTensors]: {
    measures: 'tfjs 在内存中持有多少张量（tf.memory().numTensors）。每次更新创建的张量都必须释放。',
    healthy: () => '正常：平稳。每次更新都上升的曲线就是泄漏。',
  },
  [METRIC.numBytes]: {
    measures: 'tfjs 持有的张量内存字节数（tf.memory().numBytes）。',
    healthy: () => '正常：平稳。',
  },
  [METRIC.advantageMean]: {
    measures: '归一化之前这批数据的优势：每个动作的结果比预期好多少。均值线加上批次的最小–最大色带。',
    formula: { math: mathOf(METRIC.advantageMean), words: '广义优势估计（GAE）：单步 TD 误差 δ 按 (γλ) 折扣的总和。' },
    healthy: () => '正常：均值接近 0，极值在回报允许的范围内。',
  },
  [METRIC.advantageStd]: {
    measures: '归一化之前这批优势的离散程度：各动作的结果比预测好或坏了多少。',
    formula: { math: mathOf(METRIC.advantageStd), words: '优势的标准差。' },
    healthy: () => '正常：随着评论家预测改进而下降，然后保持很小。',
  },
  [AGENT_METRIC.targetQMean]: {
    measures: 'Q 网络回归的平均 TD 目标：奖励加上目标网络给出的下一状态最佳 Q 值的折扣。',
    formula: { math: mathOf(AGENT_METRIC.targetQMean), words: '奖励加上 γ 乘以目标网络的下一状态最佳 Q 值，终止步之后为零。' },
    healthy: () => '正常：跟随 Q 值，并保持在 r_max / (1 − γ) 以下。',
  },
  [METRIC.trainSteps]: {
    measures: '到目前为止进行的梯度步数。',
    healthy: () => '训练进行时稳步增长。',
  },
  [METRIC.valueTargetMin]: {
    measures: '这批数据中最小和最大的价值目标（评论家被训练去逼近的回报）。不可能的值首先在极值上显现：平均值会把它们掩盖。',
    formula: { math: mathOf(METRIC.valueTargetMin), words: '每个目标是优势加上预测价值。' },
    healthy: (c) => (c.env === 'CartPole-v1' ? '正常：在 CartPole 上介于 0 与 1/(1 − γ) ≈ 100 之间。' : '正常：在回报可能取值的范围之内。'),
  },
  [METRIC.qValues]: {
    measures: '采样批次上的 Q(s, a)：均值线和最小–最大色带。任何 Q 值都不可能超过可能的最大折扣回报。',
    formula: { math: mathOf(METRIC.qValues), words: 'Q 值以最大奖励除以 1 − γ 为上界。' },
    healthy: () => '正常：随回报上升，然后在上界之下趋于平稳。',
  },
  [METRIC.tdLoss]: {
    measures: '采样批次上 Q(s, a) 与其 TD 目标 r + γ·max Q_target(s′, a′) 之间的误差（Huber 或平方）。',
    formula: { math: mathOf(METRIC.tdLoss), words: 'TD 误差的 Huber 损失均值。' },
    healthy: () => '正常：有噪声但有界；不必降到 0。',
  },
  [METRIC.deadReluFrac]: {
    measures: '每个 ReLU 层中，对批次所有样本都输出 0 的单元比例。死亡的单元不传递梯度，也永远不会恢复。',
    healthy: () => '正常：接近 0；超过 0.4（灰线）会触发警报。',
  },
  [METRIC.activationStd]: {
    measures: '每层激活值在批次上的标准差：信号在网络中传递时是否保持有用的尺度。',
    healthy: () => '正常：大约 0.5–2（灰色色带）。',
  },
  [METRIC.phaseMs]: {
    measures: '每次更新的墙钟时间花在了哪里：推进环境、运行网络、梯度更新、诊断以及发往页面的消息，堆叠显示。',
    healthy: () => '全速运行时，通常是更新阶段占大头。',
  },
  [AGENT_METRIC.firstRatioDev]: {
    measures: '第一轮第一个小批量上的 max |r − 1|。在任何一步之前，新策略就是旧策略，所以每个比率都必须恰好为 1。',
    healthy: () => '正常：恰好为 0。否则说明更新并非从采集数据的策略开始。',
  },
  [AGENT_METRIC.policyStd]: {
    measures: '高斯策略（连续动作）的平均标准差：它还在多大范围内探索。',
    healthy: () => '正常：缓慢缩小；变大说明熵奖励占了上风。',
  },
  [AGENT_METRIC.epsilon]: {
    measures: 'ε-贪心策略采取均匀随机动作的概率。',
    healthy: () => '按日程下降到一个小的下限；太早到达下限会让学习停滞。',
  },
  [HISTOGRAM.weights]: {
    measures: '某一层权重在训练过程中的分布：每道山脊是一个快照，最新的在最前面。',
    healthy: () => '正常：从初始化缓慢展开；没有失控的长尾。',
  },
  [HISTOGRAM.gradients]: {
    measures: '某一层梯度在每个快照时的分布。',
    healthy: () => '正常：以 0 为中心、宽度稳定；塌缩成 0 处的尖峰说明没有梯度回传。',
  },
  [HISTOGRAM.activations]: {
    measures: '某一层输出在每个快照时于批次上的分布。',
    healthy: () => '正常：取值分散；在 0（ReLU）或 ±1（tanh）处出现尖峰说明单元饱和。',
  },
  [HISTOGRAM.advantages]: {
    measures: '这批优势（归一化之前）在每个快照时的分布。',
    healthy: () => '正常：以 0 为中心；远处的长尾指向过时或不可能的值。',
  },
  [HISTOGRAM.valueTargets]: {
    measures: '这批价值目标在每个快照时的分布。',
    healthy: () => '正常：在回报可能取值的范围之内。',
  },
  [HISTOGRAM.ratio]: {
    measures: '概率比率 r = π_new/π_old 在本次更新各样本上的分布。',
    healthy: () => '正常：在 1 处有一个窄峰，大部分落在 [1 − ε, 1 + ε] 之内。',
  },
  [HISTOGRAM.qValues]: {
    measures: '采样批次上 Q(s, a) 在每个快照时的分布。',
    healthy: () => '正常：随回报上移，并保持在 r_max / (1 − γ) 以下。',
  },
  [METRIC.trainingIntensity]: {
    measures: '每采集一个环境步，经验回放缓冲区被重放了多少个样本。',
    formula: { math: math(text('训练强度'), t('='), frac(text('批量大小 × 训练步数'), text('环境步数'))), words: '训练用到的样本数除以环境步数。' },
    healthy: () => '正常：至少为 1（灰线）。',
  },
};
