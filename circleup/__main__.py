from circleup.cli import main

main()
