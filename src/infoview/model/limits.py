"""The numbers the models and the command line both enforce, in a module of their own so
that a command's options can say them without importing the models that use them."""

# An informational interview is a short conversation (method rule: 20–60 minutes, 30 asked).
INTERVIEW_MINUTES_MIN, INTERVIEW_MINUTES_MAX, INTERVIEW_MINUTES_DEFAULT = 20, 60, 30
FORCED_MINUTES_MIN, FORCED_MINUTES_MAX = 5, 240  # what `interview schedule --force` accepts
COUNT_LIMIT_MIN, COUNT_LIMIT_MAX = 1, 40  # how many questions a pick may hold (--count)
QUESTION_MINUTES_MIN, QUESTION_MINUTES_MAX = 1, 5  # the time one question of the bank takes
