"""What kept an environment from running: a fact of the release, or trouble of this machine.

A fact of the release (no wheel for any of its Pythons, a pin that no longer
resolves, TensorFlow failing to import) is evidence and becomes install_failed
cells. Trouble of the machine running the matrix (an interpreter or engine
missing, the index unreachable, the disk full) is told to its user and never
recorded, so the published rows stay as they were.
"""

from __future__ import annotations

# Words of uv, pip and docker that show the installer reached a verdict about the release.
RELEASE_SIGNS = (
    "No solution found when resolving",
    "No matching distribution found",
    "Could not find a version that satisfies",
    "ResolutionImpossible",
    "Traceback (most recent call last)",  # the image's `import tensorflow` check
)
# Words that show the machine failed, whatever the installer concluded from it.
MACHINE_SIGNS = (
    "No space left on device",
    "Disk quota exceeded",
    "Read-only file system",
    "dns error",
    "Temporary failure in name resolution",
    "Name or service not known",
    "error sending request",
    "Failed to fetch",
    "Failed to download",
    "tcp connect error",
    "Connection refused",
    "Connection reset",
    "Network is unreachable",
    "timed out",
    "Max retries exceeded",
    "NewConnectionError",
    "the network was disabled",
    "Cannot connect to the Docker daemon",
    "Killed",
)


class NotRun(Exception):
    """Trouble of this machine: the environment did not run here, and nothing of it is recorded."""

    def __init__(self, reason: str, command: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.command = command  # what would make it run


def of_release(output: str) -> bool:
    """Whether an installer's failure is a fact of the release; anything unrecognised is not."""
    if any(sign in output for sign in MACHINE_SIGNS):
        return False
    return any(sign in output for sign in RELEASE_SIGNS)
