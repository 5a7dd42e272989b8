"""The sixteen leadership principles a workspace starts with, each described in a line of our own.

Admins edit them (names and descriptions) on the principles page; these are only the defaults."""

from __future__ import annotations

DEFAULT_PRINCIPLES: tuple[tuple[str, str], ...] = (
    ("Customer Obsession", "Starts from what the customer needs and works back from it; keeps their trust "
                           "even when a competitor is louder."),
    ("Ownership", "Acts for the long run and for the whole company, not only their team; never says "
                  "\"that is not my job\"."),
    ("Invent and Simplify", "Looks for new ways and removes steps; accepts being misunderstood for a while."),
    ("Are Right, A Lot", "Judges well most of the time, looks for views that disagree and changes their mind "
                         "on evidence."),
    ("Learn and Be Curious", "Keeps learning, explores new fields and asks why things are as they are."),
    ("Hire and Develop the Best", "Raises the bar with every hire and promotion, and coaches people to grow."),
    ("Insist on the Highest Standards", "Keeps a bar others find high and raises it; defects are fixed, "
                                        "not passed on."),
    ("Think Big", "Describes a bold direction people can rally to, and looks around corners for the customer."),
    ("Bias for Action", "Moves fast where a step can be undone; takes calculated risks instead of waiting "
                        "for certainty."),
    ("Frugality", "Does more with less; constraint breeds resourcefulness, headcount and budget are not "
                  "the measure."),
    ("Earn Trust", "Listens, speaks candidly, treats others with respect and says their own mistakes out loud."),
    ("Dive Deep", "Works at every level of detail, checks the numbers, and notices when anecdote and "
                  "metric disagree."),
    ("Have Backbone; Disagree and Commit", "Challenges a decision when they disagree, even when it is "
                                           "uncomfortable, then commits fully once it is made."),
    ("Deliver Results", "Focuses on the inputs that matter and delivers them on time and with quality, "
                        "despite setbacks."),
    ("Strive to be Earth's Best Employer", "Makes the work safer, fairer and more rewarding for the people "
                                            "around them, and helps them grow."),
    ("Success and Scale Bring Broad Responsibility", "Weighs the effect of their work on communities and the "
                                                      "world, and leaves things better than they found them."),
)
