"""python -m gemlint."""

from gemlint.entry import main

if __name__ == "__main__":
    main()
