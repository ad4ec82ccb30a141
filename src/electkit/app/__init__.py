"""The application layer: one function per user job, called by the CLI and the county commands.

Each job reads its inputs through ``electkit.io``, runs ``electkit.core`` and returns a result
object; nothing here prints, exits or knows about typer or rich. Errors are the named exceptions
of core and io (InputError, CountBlocked), which the CLI maps to exit codes. Inputs are explicit
(paths, options, an already loaded election or rule set), so a county can run many townships in
one process. Modules import heavy code inside functions only (``electkit --help`` stays fast).
"""
