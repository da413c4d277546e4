from tiepcan.lib.engine.cli import main

raise SystemExit(main())
