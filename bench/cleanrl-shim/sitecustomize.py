"""Loaded by Python at start-up when this folder is on PYTHONPATH (npm run bench -- --compare-cleanrl).

TensorBoard is not packaged in Debian: where it is missing, torch.utils.tensorboard.SummaryWriter becomes a
writer that records nothing, so CleanRL's scripts run unmodified. Logging is then free for CleanRL (its SPS
can only look better than with real TensorBoard files)."""
import sys
import types

try:
    import tensorboard  # noqa: F401
except ImportError:
    class SummaryWriter:
        def __init__(self, *args, **kwargs):
            pass

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    module = types.ModuleType("torch.utils.tensorboard")
    module.SummaryWriter = SummaryWriter
    sys.modules["torch.utils.tensorboard"] = module
