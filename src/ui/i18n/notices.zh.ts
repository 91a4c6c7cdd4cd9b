// 简体中文 for the messages the worker and the link reader produce as keys and parameters: the health
// checks' alerts and "expected by the preset" notes (HEALTH_TEXT, src/diagnostics/health-checks.ts), a
// link's problems (LINK_TEXT, src/config/url-codec.ts) and the notes of a config made safe to run
// (noticesEn). Typed by the English tables, so a missing key fails; metric keys stay as written.

import type { HEALTH_TEXT } from '../../diagnostics/health-text.ts';
import type { LINK_TEXT } from '../../config/url-codec.ts';
import type { noticesEn } from './notices.en.ts';

/** The health checks' messages (HEALTH_TEXT), in the zh pack beside the catalogue: said by src/ui/i18n/health-text.ts. */
export const HEALTH_TEXT_ZH: Record<keyof typeof HEALTH_TEXT, string> = {
  'health.msg.nonFinite': '指标 {key} 变成了 {value}：训练已发散，或某个计算溢出了。',
  'health.msg.entropyCollapse': '策略熵 {value} 在训练这么早的阶段就低于其最大值 {max} 的 {percent}%：策略在学会之前就停止了探索。',
  'health.msg.klSingle': 'approx_kl {value} > {limit}：一次更新就让策略远离了收集这批数据的那个策略。',
  'health.msg.klMedian': '最近 {window} 次更新的 approx_kl 中位数为 {value} > {limit}：每次更新都让策略远离收集数据的那个策略。',
  'health.msg.evNegative': '解释方差已连续 {streak} 次更新低于 {limit}（当前 {value}）：价值函数对回报的预测还不如一个常数。',
  'health.msg.valueReturn': 'value_mean {value} 与 return_mean {ret} 相差超过 {factor} 倍，最近 {steps} 个环境步内的每次更新都是如此：评论家没有学到回报。',
  'health.msg.outOfBounds': '{key} = {value} 超出可能的范围 [{lo}, {hi}] = [r_min, r_max]/(1 − γ)：任何奖励序列都不可能产生它。',
  'health.msg.deadRelu': '{layer} 中 {percent}% 的单元对每个样本都输出 0（> {limit}%）：它们不再学习。',
  'health.msg.deadReluNetwork': '网络中 {percent}% 的单元对每个样本都输出 0（> {limit}%）：它们不再学习。',
  'health.msg.gradSpike': 'grad_norm {value} 是其滑动中位数 {median} 的 {ratio} 倍（> {factor} 倍），也是此前最大值的 {record} 倍：一次爆炸性的更新。',
  'health.msg.tensorLeak': 'memory/num_tensors 已连续 {streak} 次更新上升（当前 {value}）：张量被创建后从未释放。',
  'health.expected.valueReturn':
    '这个预设不对回报做归一化（与 CleanRL 在离散环境上的做法一样）：评论家从 0 附近起步，以较小的学习率向最高可达 1/(1 − γ) 的回报爬升，因此会在数万步内落后于回报。这是预设本身的性质，不是缺陷；playground 预设会对回报做归一化。',
  'health.expected.deadReluWide': '这个预设的 Q 网络很宽（{sizes}）且训练很快：第二层的大部分 ReLU 早早失活，其余单元仍能学会任务。这是预设本身的性质，不是缺陷。',
  'health.expected.deadReluMountainCar':
    '在 MountainCar 上，小车第一次到达旗帜之前每步奖励都是 −1：Q 网络只需在一小片访问过的状态上压低一个几乎不变的值，第二层约三分之二的 ReLU 在这些状态上始终不激活（cleanrl 预设在任何成功之前的 30k 步内实测 0.63–0.66）。这是首次成功之前环境与预设的性质，不是缺陷。',
  'health.expected.qOutOfBounds': '这个预设每 {freq} 个环境步就在 {sizes} 的网络上做 {steps} 次梯度更新，而目标网络每 {every} 步才刷新一次：很少见到的状态的 Q 估计会超出可能范围（在健康运行上实测：CartPole 超出几个单位；Acrobot 最多超出 50–60，而平均 Q 保持在 −35 左右、回报升到约 −90）。这是预设本身的性质，不是缺陷。',
  'health.expected.klSmallRollouts': '这个预设每次只用 {n} 个样本的采样做更新：在这么少的样本上（而且是 zoo 的 MountainCarContinuous 条目中很窄的高斯策略）估计的 approx_kl，在策略学习期间经常超过阈值。这是预设本身的性质，不是缺陷。',
  'health.expected.evSmallRollouts': '这个预设每次只用 {n} 个样本的采样做更新：解释方差是在这 {n} 个回报上计算的，首次成功之前它们几乎相同，所以残差稍有变化就会跌到零以下。这是预设本身的性质，不是缺陷。',
  'health.expected.klNarrowGaussian':
    '这个预设的高斯策略以 σ = {std}（log σ {logStd}）起步，并使用 PyTorch 的默认初始化，其均值输出没有缩小：最初几步 RMSprop 就让均值移动好几个 σ，而 approx_kl 随 (Δμ/σ)² 增长，所以早期读数远高于阈值。这是预设本身的性质，不是缺陷；playground 预设以 σ = 0.61 起步并使用正交初始化。',
  'health.expected.klFullBatchEpochs':
    '这个预设每次更新只用 {n} 个样本，以最高 {lr} 的学习率做 {epochs} 次全批量梯度更新，且没有 KL 提前停止：偶尔会有一次更新迈得过远（在 fast 预设的 CartPole 健康运行上实测：连续三次更新的 approx_kl 为 0.037、0.056 和 0.12，发生在 1.7 万步，随后回报从 500 跌到约 100，直到 4.9 万步才再次解决）。这个告警是真实的，但来自预设本身，不是缺陷；playground 预设在 512 个样本上做 4 轮、每轮 4 个小批量。',
  'health.expected.valueReturnMountainCarContinuous':
    '在 MountainCarContinuous 上，小车第一次到达旗帜（此前每步回报只有零点几，此时得到 +100）之后，回报归一化的尺度会增大约 25 倍：评论家在旧尺度下学到的价值，按新尺度换算回来后远低于回报，要 1–2.5 万步才能追上，而尺度还在继续变化。在 playground PPO 预设的一次健康运行（种子 3）上实测：尺度在 2 万步时为 0.89，5.1 万步时为 22；3.5 万步时 value_mean 为 −14，return_mean 为 +15，低于任何策略可能得到的最低回报 −10。PPO 的 playground、cleanrl 预设和 A2C 的 playground、zoo 预设在 5 个种子中有 3–5 个会触发，VPG 的 playground 预设在部分种子上也会触发。这是回报归一化在这个环境上的性质，不是缺陷。',
};

export const linkZh: Record<keyof typeof LINK_TEXT, string> = {
  'link.unreadable': '无法读取这个链接，改用默认设置。',
  'link.tooLong': '“{key}” 的值长达 {length} 个字符，已忽略。',
  'link.unknownValue': '未知的 {key} 值“{value}”，改用 {fallback}。可用的值：{valid}。',
  'link.preset': '预设名“{value}”格式不对，改用 {fallback}。',
  'link.seed': '种子必须是 [0, {max}] 之间的整数，链接里是“{value}”，改用 {fallback}。',
  'link.steps': '步数预算（steps）必须是正整数，链接里是“{value}”，本次运行不设预算。',
  'link.unknownBug': '未知的缺陷“{ids}”，已忽略。',
  'link.unknownBugs': '未知的缺陷“{ids}”，已忽略。',
  'link.lesson': '课程编号“{value}”格式不对，已忽略。',
  'link.lang': 'lang 只能是 en 或 zh，链接里是“{value}”，改用浏览器的语言。',
  'link.autoplay': 'autoplay 只能是 1 或 0，链接里是“{value}”，不自动播放。',
  'link.compare': '未知的对比方式“{value}”，只显示这一个运行。可用的值：{valid}。',
  'link.variantSetting': '要对比的设置“{value}”不是 {agent} 的“设置:值”形式（例如 learningRate:0.01），已忽略。',
  'link.variantValue': '{detail}；忽略要对比的值。',
  'link.seeds': '每个配置的种子数（seeds）必须是 1 到 {max}，链接里是“{value}”，改用 1。',
  'link.smoothing': '平滑系数（smoothing）必须是 0 到 0.99 之间的数，链接里是“{value}”，改用 {fallback}。',
  'link.unknownSetting': '{agent} 没有名为“{name}”的设置，已忽略。',
  'link.badSetting': '{detail}；改用预设的值。',
  'link.unknownKey': '未知的链接参数“{key}”，已忽略。',
  'link.variantMissing': 'compare=variant 需要 variant=<设置>:<值>；只显示这一个运行。',
};

export const noticesZh: Record<keyof typeof noticesEn, string> = {
  'notice.presetNoValues': '预设“{preset}”没有 {env} 的取值，改用“{fallback}”。',
  'notice.bugsNotInAgent': '{agent} 没有这些缺陷：{bugs}（已关闭）。',
  'notice.unknownEnv': '未知的环境“{env}”，改用 CartPole-v1。',
  'notice.agentCannotRun': '智能体“{agent}”无法在这里运行（{why}），改用 random。',
  'notice.presetMissing': '{agent} 在 {env} 上没有预设“{preset}”，改用“{fallback}”。',
  'notice.noSuchSetting': '已忽略 set.{key}={value}：{agent} 没有名为“{key}”的设置。',
  'notice.badSettingValue': '已忽略 set.{key}={value}：{problem}。',
  'notice.unknownBugFor': '{agent} 没有缺陷“{bug}”，已忽略。',
  'notice.misfit': '这些设置无法同时成立（{problems}），改用预设的值。',
  'notice.bugsCannotRun': '这些缺陷无法在这里运行（{problems}），已关闭。',
  'notice.presetReset': '你改过的设置与新预设不兼容，已重置。',
  'notice.workerNoLoad': '它无法加载',
  'notice.envSettingUp': '初始状态 · 正在准备运行…',
  'notice.canvas': '{env}，实时画面',
  'notice.canvasEpisode': '{env}，实时画面；上一回合回报 {ret}，长度 {length}',
  'notice.bugNeeds': '缺陷“{bug}”需要 {requirement}；已设置 {field}={value}。',
};

/**
 * The config schema's and validator's problems (src/config/schema.ts checkValue / parseField, resolve.ts),
 * which a notice quotes as its {detail}: English sentences of a known shape, said again in Chinese.
 */
export const PROBLEM_PATTERNS_ZH: readonly (readonly [RegExp, string])[] = [
  [/^'(\w+)' must be in \[(.+), (.+)\], got (.+)$/, '{1} 必须在 [{2}, {3}] 之内，实际为 {4}'],
  [/^'(\w+)' entries must be in \[(.+), (.+)\], got (.+)$/, '{1} 的每一项都必须在 [{2}, {3}] 之内，实际有 {4}'],
  [/^'(\w+)' must be an integer, got (.+)$/, '{1} 必须是整数，实际为 {2}'],
  [/^'(\w+)' must be a finite number, got (.+)$/, '{1} 必须是有限的数，实际为 {2}'],
  [/^'(\w+)' must be true or false, got (.+)$/, '{1} 只能是 true 或 false，实际为 {2}'],
  [/^'(\w+)' expects true or false, got '(.*)'$/, '{1} 只能是 true 或 false，实际为“{2}”'],
  [/^'(\w+)' expects a number or null, got '(.*)'$/, '{1} 应为数字或 null，实际为“{2}”'],
  [/^'(\w+)' expects a number, got '(.*)'$/, '{1} 应为数字，实际为“{2}”'],
  [/^'(\w+)' must be one of (.+), got (.+)$/, '{1} 只能取 {2} 之一，实际为 {3}'],
  [/^'(\w+)' must be a comma-separated list of integers like "64,64", got (.+)$/, '{1} 必须是以逗号分隔的整数列表（如 "64,64"），实际为 {2}'],
  [/^'(\w+)' must have (\d+)–(\d+) entries, got (\d+)$/, '{1} 必须有 {2}–{3} 项，实际有 {4} 项'],
  [/^'(\w+)' cannot be null$/, '{1} 不能为 null'],
  [/^numEnvs × numSteps \(= (\d+)\) must be divisible by numMinibatches \((\d+)\)$/, 'numEnvs × numSteps（= {1}）必须能被 numMinibatches（{2}）整除'],
  [/^DQN needs a discrete action space, but (\S+) has continuous actions: use PPO \(or another policy-gradient agent\) for it$/, 'DQN 需要离散的动作空间，而 {1} 的动作是连续的：请改用 PPO（或其他策略梯度智能体）'],
  [/^preset '(.+)' has no values for (\S+) \(available for this env: (.*)\)$/, '预设“{1}”没有 {2} 的取值（此环境可用的预设：{3}）'],
  [/^minibatches of (\S+) sample: need at least 2 \(advantage std\)$/, '每个小批量只有 {1} 个样本：至少需要 2 个（用于优势的标准差）'],
];
