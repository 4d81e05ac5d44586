#!/bin/bash
# Stock Debian kernels for the qemu tier and for `make conformance`: fetched
# through a private apt configuration into a cache, and their BTF extracted.
# Sourced by tests/vm/run.sh and tests/conformance.sh; needs CACHE, and log().
#
#   fetch_kernel SERIES    path of the series' vmlinuz (downloads when needed)
#   kernel_btf VMLINUZ     path of its BTF (raw .BTF section), extracted once

REFRESH_MIN=${TPC_VM_REFRESH_MIN:-360}	# re-read the mirror's index after this

# sources_for SERIES: the Debian suites whose cloud meta package is that series.
# bookworm's own sources end at 6.1; trixie ships 6.12 for its whole life,
# whereas bookworm-backports moves on to newer series.
sources_for() {
	local key="signed-by=/usr/share/keyrings/debian-archive-keyring.gpg"
	case $1 in
	6.1)
		echo "deb [$key] http://deb.debian.org/debian bookworm bookworm-updates main"
		echo "deb [$key] http://deb.debian.org/debian-security bookworm-security main"
		;;
	6.12)
		echo "deb [$key] http://deb.debian.org/debian trixie trixie-updates main"
		echo "deb [$key] http://deb.debian.org/debian-security trixie-security main"
		;;
	*) return 1 ;;
	esac
}

# apt_opts DIR: set APT_OPTS to apt options with private sources, lists,
# cache and an empty dpkg status, so nothing under /etc/apt or /var/lib/apt
# changes. An array, not a function, so `timeout` can run apt with it.
apt_opts() {
	local d=$1
	APT_OPTS=(-q -o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts=-
		-o Dir::Etc::preferencesparts=- -o Dir::State::Lists="$d/lists"
		-o Dir::State::status="$d/status" -o Dir::Cache="$d/apt"
		-o APT::Sandbox::User="$(id -un)")
}

# refresh_index DIR: apt-get update when the private index is old or absent.
refresh_index() {
	local d=$1
	if [ -n "$(find "$d/lists" -maxdepth 1 -name '*_Packages*' -mmin -"$REFRESH_MIN" 2>/dev/null)" ]; then
		return 0
	fi
	apt_opts "$d"
	timeout 120 apt-get "${APT_OPTS[@]}" update >"$d/update.log" 2>&1
}

# resolve_kernel DIR SERIES: the versioned package behind linux-image-cloud-amd64.
resolve_kernel() {
	local pkg
	apt_opts "$1"
	pkg=$(apt-cache "${APT_OPTS[@]}" depends linux-image-cloud-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	case $pkg in
	linux-image-"$2".[0-9]*) echo "$pkg" ;;
	*) return 1 ;;
	esac
}

# download_kernel DIR PKG: fetch the .deb and keep only /boot (no modules).
download_kernel() {
	local d=$1 pkg=$2 tmp
	tmp=$(mktemp -d "$d/dl.XXXXXX")
	apt_opts "$d"
	if (cd "$tmp" && timeout 300 apt-get "${APT_OPTS[@]}" download "$pkg") >"$d/download.log" 2>&1 &&
		mkdir -p "$tmp/x" &&
		dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp/x" ./boot &&
		ls "$tmp"/x/boot/vmlinuz-* >/dev/null 2>&1; then
		rm -rf "$d/kernels/$pkg"
		mkdir -p "$d/kernels"
		mv "$tmp/x" "$d/kernels/$pkg"
		rm -rf "$tmp"
		return 0
	fi
	rm -rf "$tmp"
	return 1
}

# fetch_kernel SERIES: print the path of a vmlinuz of that series, downloading
# the current one if needed; fall back to the last cached one when the mirror
# cannot be reached. Prints nothing (status 1) with the reason on stderr.
fetch_kernel() {
	local series=$1 d="$CACHE/$1" pkg=
	mkdir -p "$d/lists/partial" "$d/apt/archives/partial"
	sources_for "$series" >"$d/sources.list" || { log "unknown kernel series $series"; return 1; }
	[ -e "$d/status" ] || : >"$d/status"
	if refresh_index "$d" && pkg=$(resolve_kernel "$d" "$series"); then
		if [ -d "$d/kernels/$pkg" ] || download_kernel "$d" "$pkg"; then
			echo "$pkg" >"$d/current"
		else
			log "$series: download of $pkg failed (see $d/download.log)"
			pkg=
		fi
	else
		log "$series: cannot resolve linux-image-cloud-amd64 (see $d/update.log)"
		pkg=
	fi
	if [ -z "$pkg" ] && [ -s "$d/current" ]; then
		pkg=$(cat "$d/current")
		log "$series: using cached $pkg"
	fi
	[ -n "$pkg" ] || return 1
	ls "$d/kernels/$pkg"/boot/vmlinuz-* 2>/dev/null | head -n 1
}

# kernel_btf VMLINUZ: print the path of the kernel's BTF, extracting it next
# to the vmlinuz the first time. A bzImage holds the compressed vmlinux ELF
# after a decompressor: find the payload by its compression's magic (Debian
# uses lz4 for 6.1 and zstd for 6.12; gzip and xz for completeness), unpack
# it, keep only the .BTF section (what `tpc --btf` and libbpf read).
kernel_btf() {
	local vmlinuz=$1 dir out tmp magic off unpack
	dir=$(dirname "$vmlinuz")
	out="$dir/vmlinux.btf"
	if [ -s "$out" ]; then
		echo "$out"
		return 0
	fi
	tmp=$(mktemp -d "$dir/btf.XXXXXX")
	for magic in 'lz4:\x02\x21\x4c\x18' 'zstd:\x28\xb5\x2f\xfd' 'gzip:\x1f\x8b\x08' 'xz:\xfd\x37\x7a\x58\x5a\x00'; do
		unpack=${magic%%:*}
		command -v "$unpack" >/dev/null || continue
		# every candidate offset: the magic can occur by chance before the payload
		for off in $(LC_ALL=C grep -obUaP "${magic#*:}" "$vmlinuz" 2>/dev/null | cut -d: -f1 | head -n 8); do
			tail -c +$((off + 1)) "$vmlinuz" | "$unpack" -dc >"$tmp/vmlinux" 2>/dev/null
			if [ "$(head -c 4 "$tmp/vmlinux" 2>/dev/null)" = $'\x7fELF' ] &&
				objcopy -O binary --only-section=.BTF "$tmp/vmlinux" "$tmp/btf" 2>/dev/null &&
				[ -s "$tmp/btf" ]; then
				mv "$tmp/btf" "$out"
				rm -rf "$tmp"
				echo "$out"
				return 0
			fi
		done
	done
	rm -rf "$tmp"
	log "$(basename "$vmlinuz"): no BTF found (needs lz4, zstd, gzip or xz, and objcopy)"
	return 1
}
