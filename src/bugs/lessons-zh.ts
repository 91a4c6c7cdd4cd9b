// 简体中文 for the guided lessons, keyed by lesson id; tests/unit/bugs/lessons-zh.test.ts fails on a lesson
// without a translation (or a translation without a lesson), and on a `helpsFirst` note in one language only.
// Loaded lazily with the zh pack.

import type { PredictedDirection } from './lessons.ts';

export interface LessonTextZh {
  title: string;
  question: string;
  takeaway: string;
  /** Present exactly when the English lesson has `helpsFirst`. */
  helpsFirst?: string;
}

export const PREDICTED_DIRECTIONS_ZH: Record<PredictedDirection, string> = {
  up: '上升 / 出现尖峰',
  down: '下降 / 滞后',
  swings: '剧烈摆动',
};

export const LESSON_TEXT_ZH: Readonly<Record<string, LessonTextZh>> = {
  'lr-too-high': {
    title: '学习率过高是什么样子？',
    question: 'CartPole 上的 PPO，一次用正常的学习率，一次把它调高 30 倍。在回报有任何变化之前，哪个诊断指标会暴露问题？',
    takeaway: '新旧策略之间的 KL 散度和被裁剪样本的比例衡量了每次更新把策略推动了多远（正常的 PPO：KL 低于约 0.02，裁剪比例很小）。步长过大从第一次更新起就会在这里显现（种子 1：KL 0.039 对 0.0007，裁剪比例 0.31 对 0），无论回报之后如何变化。',
    helpsFirst: '它看起来可能更好，而不是更差：更大的步长让评论家更快追上回报（在最初约 1 万步里，解释方差和价值都领先），而且在 CartPole 上（种子 1），出错的运行约 1 万步就达到 500，正常运行到 6 万步时稳定在 240 左右。别被骗了：从第一次更新起，近似 KL 散度和裁剪比例就是正常运行的 10 倍甚至更多，策略熵也崩塌了。每次更新都把策略推得比 PPO 的裁剪所允许的更远，只是这个简单的任务恰好奖励了这场赌博：单看回报无法告诉你步长错了。实测（种子 1）回报在这里从未为此付出代价：出错的运行在 CartPole 上直到 20 万步都保持 500，在 Acrobot 上 10 万步内与正常运行持平；要看的损害在诊断指标里——一个已经停止探索的策略。',
  },
  'return-normalization': {
    title: '为什么要归一化回报？',
    question: 'PPO 的评论家直接学习 CartPole 上 ~100 的回报，而不是归一化后的回报。哪张图表显示评论家落在了后面？',
    takeaway: '预测价值从 0 附近出发，而观测到的折扣回报可达 ~100：没有归一化，价值头需要很久才能追上，并且它的损失主导了梯度。',
  },
  'np-empty': {
    title: 'np.empty 缺陷',
    question: '一个存放价值目标的缓冲区在复用时没有清零，而且有一个分支忘了写入它的槽位。均值看起来没问题。过时的值会在哪里显现？',
    takeaway: '过时的槽位在平均值里是看不见的，只有批次的极值才会暴露它们。一个已结束回合的最后一个价值目标就是它的最后一个奖励（CartPole 上为 1）：在有缺陷的运行中，旧的回报渗入每个回合的尾部，最小目标值攀升到 10–60，回报也停滞不前（种子 1，40k 步时约 50，而健康运行为 500）。用零（或 NaN）分配，并检查取值范围。',
  },
  'target-aliasing': {
    title: '目标网络混用',
    question: 'DQN 的目标网络就是在线网络本身，于是每个目标都随着追赶它的那次更新一起移动。哪张图表最先失控？',
    takeaway: 'Q 值以自己的高估为食，漂移到 r_max / (1 − γ) 之上：这是一个训练前就能算出的界。',
  },
  'summed-loss': {
    title: '损失求和与求平均',
    question: 'A2C 在批量上对损失求和而不是取平均，其他一切不变。最先变化的是什么？',
    takeaway: '求和等于平均乘以批量大小，所以每个梯度都随批量增大：梯度范数直接显示出这个倍数。A2C 的 RMSprop 会除以滑动梯度尺度，所以它的步长几乎不变；若用普通 SGD，有效学习率也会随批量增大。',
  },
  'ignoring-done': {
    title: '忽略 done',
    question: 'DQN 越过终止状态自举，仿佛倒下之后还会有更多奖励。哪张图表显示出不可能为真的值？',
    takeaway: '在 γ = 0.99、每步奖励为 1 时，Q 最多为 100，而回合只持续约 10 步的智能体，其状态价值应在 10 附近。DQN 保存每个回合真实的最后观测，所以忽略 done 会让每次倒下都从 γ·max Q(该观测) 自举：没有任何目标停在最后一步的奖励上，Q 值一路攀升，趋向一个永不结束的回合所能得到的 100，而回报随之崩溃，因为倒下不再有任何代价。',
  },
  'entropy-too-high': {
    title: '熵系数过高',
    question: '正常的 A2C 没有熵奖励（SB3：ent_coef 0）；出错的运行把它的权重设为 0.5，是 CleanRL 的 PPO 所用 0.01 的 50 倍，于是保持随机更划算。在回报停滞之前，哪张图表会告诉你？',
    takeaway: '正常情况下，策略熵随着策略越来越确定而下降；这里它却停留在 ln N 附近，也就是 CartPole 两个动作之间抛硬币的熵。',
  },
  'too-many-epochs': {
    title: '训练轮数过多',
    question: 'PPO 在每批数据上遍历 30 轮且没有 KL 提前停止。哪张图表最先离开它的正常范围？',
    takeaway: '每多一轮，策略就离采集数据的那个策略更远一些；近似 KL 散度和裁剪比例衡量的正是这段距离。',
    helpsFirst: '它看起来可能更好，而不是更差：在 CartPole 上（种子 1），30 轮的运行约 2 万步就达到 500 并一直保持到 6 万步，而正常运行在 250 左右徘徊（scripts/lesson-check.ts）。别被骗了：从第一次更新起，裁剪比例就是 0.07 对 0.002，近似 KL 散度是正常运行的 3–10 倍，策略熵降到 0.30，而正常运行为 0.50。每批数据都被压榨得比 PPO 的裁剪所允许的更远；这个简单的任务恰好奖励了它，单看回报无法告诉你更新幅度过大。',
  },
  'stale-rollout': {
    title: '过时的数据',
    question: 'PPO 在上一轮迭代采集的数据上更新，其对数概率来自更旧的策略。在第一次梯度更新之前，什么就已经不对了？',
    takeaway: '在新数据上，第一个小批量的概率比率恰好为 1；在过时的数据上，它在任何更新之前就已偏离了整整上一次更新的幅度，而更新之后记录的 KL 散度也带着这段偏移。',
  },
  'tensor-leak': {
    title: '张量泄漏',
    question: 'VPG 每次更新都忘了释放一个中间张量。一开始学习不受影响。问题会在哪里显现？',
    takeaway: 'tf.memory().numTensors 在两次更新之间应当保持平稳；每次更新都上升相同数量的曲线就是泄漏，无论回报如何。',
  },
  'dead-relus': {
    title: '死亡的 ReLU',
    question: 'DQN 的 ReLU 网络以很大的负偏置开始。哪张图表说明网络的大部分都被关掉了？',
    takeaway: '对所有输入都输出 0 的 ReLU 单元不传递梯度，也永远不会恢复；每层的死亡比例从第一个批次起就能显示出来。',
  },
  'time-limits': {
    title: '时间上限不是终止',
    question: 'Pendulum 的回合总是在 200 步的时间上限处结束。PPO 把这种截断当作真正的结束（价值为 0）。哪张图表显示评论家被搞糊涂了？',
    takeaway: '处于时间上限的状态看起来和其他状态一样，但它的目标却不计入之后的任何东西：每次截断前最后一步的优势会跳升，而看不到时钟的评论家对回报的解释也变少了。',
  },
  'huber-loss': {
    title: '为什么 DQN 用 Huber 损失',
    question: 'DQN 对 TD 误差取平方，而不是使用 Huber 损失。哪张图表会在大误差上出现尖峰？',
    takeaway: 'Huber 损失每个样本的梯度以 1 为界；平方误差的梯度随误差增长，于是少见的大 TD 误差会主导更新。',
  },
  'epsilon-decay': {
    title: '过早结束的探索',
    question: 'DQN 的 ε 在几百步内就降到下限。最先变化的是什么？',
    takeaway: 'ε 是你选定的日程，而不是学出来的：把它画出来，并让它持续训练中相当长的一段。',
  },
  'frame-skip-reward': {
    title: '跳帧：要累加奖励',
    question: '两次运行中 DQN 都把每个动作重复 4 帧；出错的那次只保留最后一帧的奖励。哪张图表告诉你奖励的尺度不对？',
    takeaway: '使用动作重复时，智能体的奖励是被重复各帧的总和：回报或 Q 值只有预期尺度的几分之一，就是破绽。',
  },
  'advantage-normalization': {
    title: '为什么要归一化优势？',
    question: 'PPO 在原始优势上训练，而不是在每个小批量内归一化（回报仍然归一化）。哪张图表最先变化，往哪个方向？',
    takeaway: '在每个小批量内归一化优势会去掉其均值并固定其尺度，于是决定一次更新把策略推动多远的是裁剪范围，而不是奖励尺度。',
  },
  'mbrl-normalize-rollouts': {
    title: '在想象的展开中也要归一化',
    question: '一个基于模型的智能体在 Pendulum 上做规划，把学到的模型向前展开 30 步。在出错的运行中，模型预测的每个状态都未经归一化就回灌给它。训练本身不受影响。哪张图表会暴露问题？',
    takeaway: '训练、验证和单步预测都会归一化输入，所以这些图表看起来都正常（实测，种子 1：单步误差完全相同）。只有开环展开会把模型自己的输出喂回去，而这里是原始单位：从第一个规划回合起，时域处的误差就是正常运行的 100–1000 倍。要画出模型误差随时域的变化，而不只是单步损失。',
  },
  'mbrl-horizon': {
    title: '完美的模型，短视的规划器',
    question: '同一个智能体只向前规划一步，而不是三十步。它的模型学得和正常运行一样好。什么显示出规划器无法区分候选动作？',
    takeaway: '只看一步的话，任何力矩都几乎让摆停在原处：各候选的想象回报只差约 0.001（正常：1–17），于是选择是随意的，摆永远甩不起来，尽管模型误差和正常运行一样低。时域必须够得着真正重要的后果；太长的话，累积的模型误差又会占上风（horizon_too_long）。',
  },
};
