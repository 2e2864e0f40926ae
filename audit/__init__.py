"""jxaudit: a data-quality linter for Chinese budget performance-target tables (绩效目标表)."""

__version__ = "0.1.0"
