from .cli import main

# Why the guard: a spawned worker (Windows, or wherever fork is missing)
# imports the main module again; it must not run the command a second time.
if __name__ == "__main__":
    main()
