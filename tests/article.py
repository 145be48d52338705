"""What the article printed on TensorFlow 1.12, per experiment: (outcome, batch-norm updates).

Where the step fails on the placeholder, the statistics keep their initial
values: 0 updates.
"""

ARTICLE = {
    "1": ("updated", 5),
    "2": ("updated", 10),
    "3": ("placeholder", 0),
    "4": ("placeholder", 0),
    "3L": ("placeholder", 0),  # the article: InputLayer is equivalent to input_shape
    "4L": ("placeholder", 0),
    "5": ("updated", 5),
    "6": ("updated", 10),
}
# The moving variances it printed (every channel equal).
ARTICLE_VARIANCE = {"1": 0.95099014, "2": 0.90438217, "5": 0.95099014, "6": 0.90392077}
