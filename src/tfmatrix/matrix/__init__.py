"""What is measured: releases and their pins, the cells the experiments declare, the outcomes.

The ground floor: its modules import only each other and the standard library
(pip, when asking the package index), never data, run or report.
"""
