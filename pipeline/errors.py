"""The one exception type a user sees."""


class PipelineError(Exception):
    """Something the user can fix; str(err) is shown verbatim, as one sentence."""
