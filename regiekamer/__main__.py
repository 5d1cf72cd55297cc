from regiekamer.cli import main

main()
