"""omec: offline compiler for OME (Open Model Engine) serving manifests."""

__version__ = "0.1.0"

# The OME commit whose controller behaviour omec reproduces.
OME_COMMIT = "17b77edad23bae262e0c9adb7f12039397a5d33d"
