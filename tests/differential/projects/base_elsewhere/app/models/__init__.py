from .user import User, Membership  # noqa: F401  re-exports, as __init__ files do
from .catalog import *  # noqa: F401,F403
from . import generated  # noqa: F401
