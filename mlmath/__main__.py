import sys

from mlmath.cli import main

sys.exit(main())
