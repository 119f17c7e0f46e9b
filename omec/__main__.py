from omec.cli import main

main()
