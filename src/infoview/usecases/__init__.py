"""One function per thing a student does.

Each use case takes the workspace, ids (or a name to look up) and plain
values, looks everything up inside one transaction (changes) or one read
(views), and returns a result object; ``as_dict()`` is its ``--json`` form.
It never prints or exits: the CLI renders what it returns and turns its
:class:`~infoview.model.errors.InfoviewError` into a message and an exit code.
"""
