// 简体中文 for the hyperparameter panel: each agent's field docs (keyed by agent and field id, typed
// from the schemas so a missing or misspelt field fails the type check), the field groups and the
// presets. Loaded lazily with the rest of the zh pack (src/ui/i18n/zh-pack.ts); the English stays in
// the schemas. CleanRL / SB3 / mbrl-lib parameter names are kept as written (a test checks).

import type { A2C } from './a2c-config.ts';
import type { DQN } from './dqn-config.ts';
import type { MBRL } from './mbrl-config.ts';
import type { PPO } from './ppo-config.ts';
import type { RANDOM } from './random-config.ts';
import type { ConfigSchema } from './schema.ts';
import type { VPG } from './vpg-config.ts';

type FieldKeys<C> = C extends ConfigSchema<infer S> ? keyof S & string : never;
/** One Chinese doc per field of the schema `C`, no more, no fewer. */
type Docs<C> = { readonly [K in FieldKeys<C>]: string };

const WARMUP =
  '随机策略在环境的另一份副本上运行的环境步数（不计入训练步数），用它们的折扣回报在第一次更新前为奖励归一化器的统计量预热。0（Gymnasium、CleanRL、SB3）：统计量从均值 0、方差 1、计数 1e-4 开始，最初的奖励被除以接近 0.005 的标准差而撞到裁剪上限，之后尺度在第一个 rollout 内就会增长数倍，于是最初的价值目标超过环境能给出的回报。本 playground 用一个 rollout 的量预热。';

export const FIELD_DOCS_ZH: { ppo: Docs<typeof PPO>; random: Docs<typeof RANDOM>; vpg: Docs<typeof VPG>; a2c: Docs<typeof A2C>; dqn: Docs<typeof DQN>; mbrl: Docs<typeof MBRL> } = {
  ppo: {
    numEnvs: '同时步进的并行环境副本数（CleanRL num_envs）。批量大小为 numEnvs × numSteps。',
    numSteps: '每次更新前，每个子环境在一个 rollout 中执行的步数（CleanRL num_steps）。',
    learningRate: '训练开始时 Adam 的学习率（CleanRL learning_rate 2.5e-4）。',
    annealLr: '在 annealSteps 内把学习率线性退火到 0（CleanRL anneal_lr）。',
    annealSteps: '学习率（以及退火时的裁剪范围）降到 0 所经历的环境步数；null：运行的总步数，如 CleanRL 的 total_timesteps。两者都没有时不做退火。',
    gamma: '折扣因子 γ（CleanRL gamma）。',
    gaeLambda: '广义优势估计（GAE）的 λ（CleanRL gae_lambda）。',
    numMinibatches: '每个 epoch 把批量切分成的小批量个数（CleanRL num_minibatches）。',
    updateEpochs: '每次更新遍历批量的轮数（CleanRL update_epochs）。',
    normAdv: '在每个小批量内把优势归一化为均值 0、标准差 1（CleanRL norm_adv）。',
    clipCoef: '替代目标的裁剪系数 ε：概率比被裁剪到 [1 − ε, 1 + ε]（CleanRL clip_coef）。',
    annealClipCoef: '像学习率一样把裁剪范围线性退火到 0（SB3 zoo 的 lin_0.2；CleanRL：关闭）。',
    clipVloss: '像 PPO 论文那样，以 ε 围绕 rollout 时的价值裁剪价值损失（CleanRL clip_vloss）。',
    entCoef: '熵奖励的权重（CleanRL ent_coef）。',
    vfCoef: '价值损失的权重（CleanRL vf_coef）。',
    maxGradNorm: '把全局梯度范数裁剪到此值（CleanRL max_grad_norm）；null：不裁剪。',
    targetKl: '当 approx_kl 超过此值时提前停止本次更新的 epoch（CleanRL target_kl）；null：从不。',
    adamEps: 'Adam 的 ε（CleanRL 1e-5；PyTorch 默认 1e-8）。',
    hiddenSizes: 'actor 与 critic 两个 MLP 的隐藏层大小（CleanRL 64,64）。',
    activation: '隐藏层激活函数（CleanRL tanh）。',
    orthoInit: '正交初始化，增益为 √2（隐藏层）、0.01（策略头）、1（价值头），偏置为 0（CleanRL layer_init）；关闭：PyTorch 默认的均匀初始化。',
    logStdInit: '高斯策略初始的对数标准差，仅用于连续动作（CleanRL 0）。',
    bootstrapTruncated: '遇到时间上限截断时，用 V(最终观测) 自举价值目标，而不是把它当作终止（CleanRL：关闭；SB3：开启）。',
    normalizeReturns: '用折扣回报的滑动标准差缩放奖励（Gymnasium NormalizeReward；CleanRL：仅连续环境）。',
    rewardClip: '把归一化后的奖励裁剪到 ±rewardClip（CleanRL 连续版：10）；null：不裁剪。',
    returnNormWarmup: WARMUP,
    normalizeObs: '用滑动均值和标准差归一化观测（Gymnasium NormalizeObservation；CleanRL：仅连续环境）。',
    obsClip: '把归一化后的观测裁剪到 ±obsClip（CleanRL 连续版：10）。',
    compute:
      '更新在哪里运行：tfjs（参考实现，任意后端）、js（手写的前向/反向传播 + Adam，float32 wasm SIMD 内核，适合小型 MLP；需要 WebAssembly SIMD）、auto（在基准测试测得更快处用 js：cpu、wasm 和 webgl 后端上隐藏层宽度 ≤ 512——在 CleanRL 配置下约为 tfjs-wasm 的 5 倍 SPS，256 和 512 宽时 CPU 少约 2.2 倍；webgpu 上用 tfjs）。tensor_leak 缺陷需要 tfjs。',
    jsInference: '每次更新后复制一份权重，用纯 JS 运行 rollout 中的策略和价值（快）；关闭：用 tfjs。',
    diagnosticsEvery: '每隔这么多次更新：逐层梯度范数、死亡 ReLU 比例和激活值标准差。',
    histogramEvery: '每隔这么多次更新：权重、梯度、激活值、优势、价值目标、概率比的直方图快照；0：从不。',
  },
  random: {
    numEnvs: '同时步进的并行环境副本数。',
    numSteps: '每次迭代的向量化步数（每次迭代报告一次 SPS）。',
  },
  vpg: {
    numEnvs: '并行环境副本数（Spinning Up：每个进程一个环境）。回合总是完整收集，所以有多个环境时，批量已满后才结束的子环境会空等其他环境结束（它的这些步不参与训练）。',
    batchSteps: '每次更新使用的完整回合的环境步数：批量达到这么多步后，在第一个回合结束处停止收集（Spinning Up steps_per_epoch 4000）。',
    learningRate: '策略的 Adam 学习率（Spinning Up pi_lr 3e-4）。每个批量一次策略更新。',
    gamma: '折扣因子 γ（Spinning Up gamma）。',
    rewardToGo: '用从 t 起的回报（reward-to-go）而不是整个回合的回报给每个 log π(a_t|s_t) 加权（原始 REINFORCE）。',
    baseline: '学习一个价值函数 V(s) 并使用优势 G − V（Spinning Up：总是开启）；关闭：用 G 加权的朴素 REINFORCE。',
    gaeLambda: '开启基线时优势所用 GAE 的 λ（Spinning Up lam 0.97）；1：蒙特卡洛优势 G − V。',
    normAdv: '把批量的优势（无基线时为回报）归一化为均值 0、标准差 1（Spinning Up：开启）。',
    valueLearningRate: '价值函数的 Adam 学习率（Spinning Up vf_lr 1e-3）。',
    valueIters: '每次更新中价值函数的全批量梯度步数（Spinning Up train_v_iters 80）。',
    entCoef: '策略损失中熵奖励的权重（Spinning Up：0）。',
    maxGradNorm: '把每一步的全局梯度范数裁剪到此值（Spinning Up：不裁剪）；null：不裁剪。',
    adamEps: 'Adam 的 ε（PyTorch 默认 1e-8，与 Spinning Up 相同）。',
    hiddenSizes: '策略 MLP 和价值 MLP 的隐藏层大小（Spinning Up 64,64）。',
    activation: '隐藏层激活函数（Spinning Up tanh）。',
    orthoInit: '正交初始化，增益为 √2（隐藏层）、0.01（策略头）、1（价值头），偏置为 0；关闭：PyTorch 默认的均匀初始化（Spinning Up）。',
    logStdInit: '高斯策略初始的对数标准差，仅用于连续动作（Spinning Up −0.5）。',
    bootstrapTruncated: '有基线时，用 V(最终观测) 自举被时间上限截断的回合的回报，而不是把截断当作终止（Spinning Up：开启）。',
    normalizeReturns: '用折扣回报的滑动标准差缩放奖励（Gymnasium NormalizeReward；Spinning Up：关闭）。',
    rewardClip: '把归一化后的奖励裁剪到 ±rewardClip；null：不裁剪。',
    returnNormWarmup: WARMUP,
    normalizeObs: '用滑动均值和标准差归一化观测（Gymnasium NormalizeObservation；Spinning Up：关闭）。',
    obsClip: '把归一化后的观测裁剪到 ±obsClip。',
    diagnosticsEvery: '每隔这么多次更新：逐层梯度范数、死亡 ReLU 比例和激活值标准差。',
    histogramEvery: '每隔这么多次更新：权重、梯度、激活值、优势、价值目标的直方图快照；0：从不。',
  },
  a2c: {
    numEnvs: '同时步进的并行环境副本数（rl-baselines3-zoo CartPole-v1 n_envs 8）。批量大小为 numEnvs × numSteps。',
    numSteps: '每次更新中每个子环境执行的步数；每个回报都从 rollout 末尾的 V 自举（SB3 n_steps 5）。',
    learningRate: '训练开始时的学习率（SB3 learning_rate 7e-4）。',
    annealLr: '在 annealSteps 内把学习率线性退火到 0（zoo 的 lin_ 调度；SB3 默认：常数）。',
    annealSteps: '学习率降到 0 所经历的环境步数；null：运行的总步数（zoo 的 n_timesteps）。两者都没有时不做退火。',
    gamma: '折扣因子 γ（SB3 gamma 0.99）。',
    gaeLambda: '广义优势估计的 λ；1 即经典 A2C 到 rollout 末尾的 n 步回报（SB3 gae_lambda 1.0）。',
    entCoef: '熵奖励的权重（SB3 ent_coef 0）。',
    vfCoef: '价值损失 mean((R − V)²) 的权重（SB3 vf_coef 0.5）。',
    maxGradNorm: '把全局梯度范数裁剪到此值（SB3 max_grad_norm 0.5）；null：不裁剪。',
    optimizer: 'RMSprop（SB3 use_rms_prop，原始 A2C 的优化器：α 0.99，无动量，非中心化）或 Adam。',
    optimizerEps: '优化器的 ε（SB3 rms_prop_eps 1e-5；SB3 给 Adam 的 ε 也是 1e-5）。',
    normAdv: '把批量的优势归一化为均值 0、标准差 1（SB3 normalize_advantage：关闭）。',
    hiddenSizes: 'actor 与 critic 两个 MLP 的隐藏层大小（SB3 net_arch pi=[64,64], vf=[64,64]）。',
    activation: '隐藏层激活函数（SB3 tanh）。',
    orthoInit: '正交初始化，增益为 √2（隐藏层）、0.01（策略头）、1（价值头），偏置为 0（SB3 ortho_init）；关闭：PyTorch 默认的均匀初始化。',
    logStdInit: '高斯策略初始的对数标准差，仅用于连续动作（SB3 log_std_init 0）。',
    bootstrapTruncated: '遇到时间上限截断时，从 V(最终观测) 自举，而不是把它当作终止（SB3：开启）。',
    normalizeReturns: '用折扣回报的滑动标准差缩放奖励（Gymnasium NormalizeReward、SB3 VecNormalize；zoo 的 `normalize`）。',
    rewardClip: '把归一化后的奖励裁剪到 ±rewardClip（VecNormalize clip_reward 10）；null：不裁剪。',
    returnNormWarmup: WARMUP,
    normalizeObs: '用滑动均值和标准差归一化观测（Gymnasium NormalizeObservation、SB3 VecNormalize；zoo 的 `normalize`）。',
    obsClip: '把归一化后的观测裁剪到 ±obsClip（VecNormalize clip_obs 10）。',
    logEvery: '每个报告点包含的更新次数：损失取平均，极值在这些更新中取（SB3 log_interval 100）。',
    histogramEvery: '每隔这么多次报告：权重、梯度、激活值、优势、价值目标的直方图快照；0：从不。',
  },
  dqn: {
    numEnvs: '同时步进的并行环境副本数（CleanRL num_envs）。下面的计数都是对所有子环境求和的环境步数。',
    frameSkip: '动作重复：每个选定的动作作用这么多个环境帧，奖励求和（Atari 的 frame_skip 4，SB3 MaxAndSkipEnv）；1 = 关闭。环境步数按智能体步计。',
    bufferSize: '回放缓冲区容纳的转移数；最旧的会被覆盖（CleanRL buffer_size 10000）。',
    learningRate: 'Adam 学习率（CleanRL learning_rate 2.5e-4）。',
    gamma: '折扣因子 γ（CleanRL gamma）。',
    tau: '目标网络更新率：1 为直接复制在线网络权重（硬更新），< 1 为 Polyak 平均（CleanRL tau）。',
    targetNetworkFrequency: '两次目标网络更新之间的环境步数（CleanRL target_network_frequency，SB3 target_update_interval）。',
    batchSize: '每个梯度步从回放缓冲区采样的转移数（CleanRL batch_size）。',
    startE: 'ε-贪心策略开始时的 ε（CleanRL start_e）。',
    endE: '衰减结束后的 ε（CleanRL end_e，SB3 exploration_final_eps）。',
    explorationFraction: 'ε 从 startE 线性衰减到 endE 所占 scheduleSteps 的比例（CleanRL exploration_fraction）。',
    scheduleSteps: '探索调度按其比例计算的环境步数（CleanRL total_timesteps，SB3 n_timesteps）；null：运行的总步数，运行没有总步数时用 CleanRL 的 500000。',
    learningStarts: '第一个梯度步之前收集的环境步数（CleanRL learning_starts）。',
    trainFreq: '两个训练阶段之间的环境步数（CleanRL train_frequency，SB3 train_freq）。',
    gradientSteps: '每个训练阶段的梯度步数（SB3 gradient_steps；CleanRL：1）。',
    loss: 'TD 损失：Huber（平滑 L1，与 SB3 及 Nature DQN 的误差裁剪相同）或平方误差（CleanRL dqn.py 的 F.mse_loss）。',
    doubleDqn: 'Double DQN：由在线网络选出下一个动作，由目标网络评估它（van Hasselt et al. 2016）。',
    maxGradNorm: '把全局梯度范数裁剪到此值（SB3 max_grad_norm 10）；null：不裁剪（CleanRL）。',
    adamEps: 'Adam 的 ε（PyTorch 默认 1e-8，CleanRL 和 SB3 都用它）。',
    hiddenSizes: 'Q 网络 MLP 的隐藏层大小（CleanRL 120,84；SB3 64,64；zoo 256,256）。',
    activation: '隐藏层激活函数（CleanRL ReLU）。',
    uniformWarmup: '在 learningStarts 之前均匀随机地行动（SB3）；关闭：从第一步起就用 ε-贪心（CleanRL）。',
    compute:
      '梯度步、目标网络和贪心动作在哪里运行：tfjs（参考实现，任意后端）、js（手写的前向/反向传播 + Adam，float32 wasm SIMD 内核，适合小型 MLP；需要 WebAssembly SIMD）、auto（在基准测试测得更快处用 js：cpu、wasm 和 webgl 后端上宽度 ≤ 512 的 Q 网络；webgpu 上用 tfjs）。tensor_leak 缺陷需要 tfjs。',
    jsInference: '用纯 JS 选择贪心动作（tfjs 路径：在每个训练阶段后刷新的 Q 网络副本上；js 路径：内核直接用当前权重）（快）；关闭：用 tfjs，每个训练阶段后把权重交给它。',
    logEvery: '两次指标报告之间的环境步数；损失在其间的梯度步上取平均（CleanRL 每 100 步记录一次）。',
    diagnosticsEvery: '每隔这么多次报告：逐层梯度范数、死亡 ReLU 比例和激活值标准差。',
    histogramEvery: '每隔这么多次报告：权重、梯度、激活值、Q 值和 TD 目标的直方图快照；0：从不。',
  },
  mbrl: {
    ensembleSize: '动力学集成的成员数 K，每个成员在自己的自助采样上训练（mbrl-lib PETS 示例：ensemble_size 5）。',
    hiddenSizes: '每个成员的隐藏层大小（mbrl-lib PETS 示例：num_layers 3 × hid_size 200）。',
    activation: '成员的隐藏层激活函数（mbrl-lib PETS 示例：use_silu）。',
    modelLoss: '概率型成员（均值和软约束在 [−10, 0.5] 内的对数方差，高斯负对数似然：mbrl-lib 的 GaussianMLP，deterministic=False）或确定型成员（仅均值，平方误差）。',
    learningRate: '模型的 Adam 学习率（mbrl-lib PETS 示例：ModelTrainer optim_lr 1e-3）。',
    weightDecay: '加到梯度上的 L2 权重衰减，同 torch.optim.Adam(weight_decay)（mbrl-lib PETS 示例：5e-5）。',
    batchSize: '每个成员每个梯度步的转移数（mbrl-lib PETS 示例：model_batch_size 256）。',
    epochs: '每次训练时遍历每个成员自助样本的轮数（mbrl-lib PETS 示例：num_epochs 50）。',
    validationRatio: '留出（从不训练）用于 model/val_loss 的转移比例（mbrl-lib PETS 示例：validation_ratio 0.05）。',
    bootstrap: '每个成员在从训练数据中有放回抽取的自己的样本上训练（mbrl-lib：bootstrap_permutes=False）；关闭：所有成员看到相同的数据。',
    trainEvery: '每隔这么多环境步在全部数据上重新训练模型；null：在每个回合结束时（mbrl-lib PETS 示例：在每次试验开始时）。',
    warmupSteps: '第一次训练和规划之前以均匀随机动作执行的环境步数（mbrl-lib：initial_exploration_steps = trial_length 200）。',
    planner: '轨迹优化器：交叉熵方法（mbrl-lib CEMOptimizer）或随机打靶（一代均匀随机动作序列，取最好的）。',
    horizon: '规划视野 H：每条想象轨迹展开的步数（mbrl-lib PETS 示例：planning_horizon 15）。',
    population: '每次 CEM 迭代评估的动作序列数（mbrl-lib PETS 示例：population_size 500）。',
    eliteRatio: '用于重新拟合的精英占种群的比例，向上取整（mbrl-lib PETS 示例：elite_ratio 0.1）。',
    cemIterations: '每个规划步的 CEM 代数（mbrl-lib PETS 示例：num_iterations 5）。',
    cemAlpha: 'CEM 均值和方差的动量：新值 = α·旧值 + (1 − α)·精英的值（mbrl-lib PETS 示例：alpha 0.1）。',
    initialVariance: 'CEM 第一代中每个动作分量的方差；null：(high − low)² / 16，与 mbrl-lib 相同。',
    actionLimit: '规划器在 [−limit, limit] 内（且不超出环境边界）搜索动作；null：环境的动作空间。',
    returnMeanElites: '执行最后一代精英均值的第一个动作（mbrl-lib PETS：return_mean_elites），而不是见过的最佳序列。',
    propagation: '想象轨迹如何使用集成（PETS）：ts1 在每一步为每个粒子随机选一个成员，tsinf 在整个视野内让每个粒子固定一个成员，mean 跟随成员预测的平均值。',
    particles: '每个动作序列的想象轨迹数，其回报取平均（mbrl-lib PETS 示例：num_particles 20，代价为 20 倍）。',
    sampleNoise: '想象的每一步从高斯成员预测的噪声中采样（mbrl-lib ModelEnv.step(sample=True)）；关闭：用其均值。确定型成员总是用均值。',
    gamma: '沿想象轨迹的奖励折扣（PETS 不打折扣地求和：1）。',
    forward:
      '在想象 rollout 中运行集成的方式：tfjs，或每次训练后刷新的纯 JS 权重副本（运行环境支持 wasm SIMD 时用 js 计算路径的 wasm SIMD 内核，否则用 float64 JS）；auto：在 wasm 后端上，每次调用不超过 100 万次乘加时用内核（playground：每个规划步 12–18 ms，tfjs 为 31–40 ms），超过时用 tfjs（mbrl-lib 的 5 × 3×200、每次 100 行：548–587 ms，内核为 665–742 ms），没有内核时用 tfjs；其他后端用纯 JS（webgl/webgpu 上不必每个成员每步读回一次）。webgpu 后端上不接受 tfjs：tfjs 的同步读回会在几秒内耗尽内存。测量见 src/agents/mbrl-forward.ts。',
  },
};

/** The schemas' field groups (the panel's fieldsets). */
export const FIELD_GROUPS_ZH: Readonly<Record<string, string>> = {
  Rollout: '采样（Rollout）',
  Optimiser: '优化器',
  Returns: '回报',
  Loss: '损失',
  Network: '网络',
  Observations: '观测',
  System: '系统',
  Replay: '经验回放',
  'Target network': '目标网络',
  Exploration: '探索',
  Model: '模型',
  Training: '训练',
  Data: '数据',
  Planner: '规划器',
};

/** Each agent's presets, by preset id: the picker's label and the ⓘ paragraph. */
export const PRESET_TEXT_ZH: { readonly [agent: string]: { readonly [preset: string]: { label: string; doc: string } } } = {
  ppo: {
    playground: { label: 'Playground（健康基线）', doc: 'CleanRL 默认值，并打开所有保护措施：回报归一化、截断回合自举、连续环境上观测归一化。' },
    cleanrl: { label: 'CleanRL 默认值', doc: '与 cleanrl/ppo.py（离散）或 cleanrl/ppo_continuous_action.py（连续）完全一致，包括它把截断当作终止的处理方式。' },
    zoo: { label: 'RL Zoo（SB3）', doc: 'rl-baselines3-zoo 为该环境调好的超参数，基于 Stable-Baselines3 PPO 的默认值（gSDE 换成普通高斯分布）。' },
    fast: {
      label: '最快（最快解决）',
      doc: 'rl-baselines3-zoo 为 CartPole-v1 调好的 PPO，epoch 从 20 减到 10（更新时间减半，所需步数相近），调度按 zoo 的 100k 步，走最快的更新路径：按墙钟时间最快解决 CartPole。',
    },
  },
  random: {
    playground: { label: '均匀随机', doc: '从动作空间中均匀抽取动作。' },
  },
  vpg: {
    playground: { label: 'Playground（健康基线）', doc: '带学习的价值基线的 REINFORCE（优势 = G − V），并打开所有保护措施：回报归一化、截断回合自举、梯度裁剪、连续环境上观测归一化。' },
    spinup: {
      label: 'Spinning Up 默认值',
      doc: 'OpenAI Spinning Up 的 VPG：4000 步的批量，一次策略更新（lr 3e-4），80 次价值更新（lr 1e-3），按批量归一化的 GAE-λ 0.97 优势，PyTorch 默认初始化。回合会跑完，而不是在批量末尾截断。',
    },
  },
  a2c: {
    playground: { label: 'Playground（健康基线）', doc: 'Stable-Baselines3 的 A2C（RMSprop 7e-4，梯度裁剪 0.5），8 个环境 × 16 步，并打开所有保护措施：回报归一化、截断回合自举、连续环境上观测归一化。' },
    zoo: { label: 'RL Zoo（SB3）', doc: 'rl-baselines3-zoo 为该环境给出的超参数，基于 Stable-Baselines3 A2C 的默认值（gSDE 换成普通高斯分布）。' },
  },
  dqn: {
    playground: { label: 'Playground（健康基线）', doc: '打开所有保护措施：独立的目标网络、Huber 损失、梯度裁剪、只有真正的终止才停止自举，ε 在 10k 步内衰减。几千步就能学会 CartPole。' },
    cleanrl: { label: 'CleanRL 默认值', doc: '与 cleanrl/dqn.py 完全一致：120-84 ReLU Q 网络，MSE TD 损失，不裁剪梯度，每 500 步硬更新目标网络，10k 步后开始学习，ε 在运行的前一半内衰减。' },
    zoo: { label: 'RL Zoo（SB3）', doc: 'rl-baselines3-zoo 为该环境调好的超参数，基于 Stable-Baselines3 DQN 的默认值（Huber 损失，梯度范数裁剪 10）。' },
  },
  mbrl: {
    playground: { label: 'Playground（规划 ≤ 50 ms）', doc: 'PETS，5 个 64-64 SiLU 成员，每次训练 10 个 epoch，CEM 每次 100 条序列 × 3 次迭代（Pendulum：50 条序列、视野 30 步 × 2 次迭代，才看得到甩摆）：在 wasm 上一个规划步不超过 50 ms，所以智能体思考时环境仍在动。' },
    'mbrl-lib': {
      label: 'mbrl-lib PETS 示例',
      doc: 'mbrl-lib 的 PETS CartPole 笔记本：5 个 3×200 SiLU 高斯成员，CEM 视野 15，种群 500，精英比例 0.1，5 次迭代，α 0.1（用 1 个粒子而不是 20 个）。在 CPU 上每步需要数秒。',
    },
  },
};
