"""The one exception type a user sees."""


class PipelineError(Exception):
    """Something the user can fix; str(err) is shown verbatim, as one sentence."""


class NoEngine(PipelineError):
    """No translation engine is installed; str() lists what still needs translating.
    Here, not in the translate stage, so a build can step over it without loading that stage."""
