from coopcouncil.cli import main

main()
